'use strict';
// Fails while fabric-contract-api bootstraps the package, like a chaincode with a broken build.
throw new Error('broken on purpose');
