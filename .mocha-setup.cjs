// Quiet the contract API's per-decorator info logs in test output.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'warning';
process.env.CORE_CHAINCODE_LOGGING_SHIM = process.env.CORE_CHAINCODE_LOGGING_SHIM || 'warning';
