/**
 * Secrets in CI. A collection keeps only a secret variable's name; on a desktop its value is in
 * the OS keychain, which CI machines do not have. There the value comes from the environment
 * variable GRPC_WORKBENCH_SECRET_<NAME>: the variable name upper-cased, every character that
 * is not a letter or digit replaced by "_" ("api-token" -> GRPC_WORKBENCH_SECRET_API_TOKEN).
 */
export const CI_SECRET_PREFIX = 'GRPC_WORKBENCH_SECRET_';

export function ciSecretVariableName(secretName: string): string {
  return `${CI_SECRET_PREFIX}${secretName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The values of the named secrets found in `env`; missing ones are left out (the resolver names them). */
export function ciSecretValues(names: readonly string[], env: NodeJS.ProcessEnv): Map<string, string> {
  const values = new Map<string, string>();
  for (const name of names) {
    const value = env[ciSecretVariableName(name)];
    if (value !== undefined) values.set(name, value);
  }
  return values;
}
