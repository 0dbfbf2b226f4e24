/** A consortium or option that cannot be turned into real-Fabric artefacts. */
export class FabricArtifactsError extends Error {
  override name = 'FabricArtifactsError';
}
