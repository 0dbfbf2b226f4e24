/** The device a request was authenticated as; set on `request.device` by deviceAuthHook. */
export interface AuthenticatedDevice {
  readonly address: string;
  readonly deviceType: string;
  readonly org: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: AuthenticatedDevice;
  }
}
