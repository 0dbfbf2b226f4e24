import { ROUTES } from '../api';

/**
 * The route table the SDK calls by id: the gateway's own (gateway/src/api), so both sides agree on
 * paths, schemas and where signed requests go. Browser-safe: it holds TypeBox schemas only.
 */
export const SDK_ROUTES = ROUTES;
export type SdkRoutes = typeof ROUTES;
