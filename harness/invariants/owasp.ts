/** OWASP API Security Top 10 (2023) categories the built-in invariants map to. */
export const OWASP = {
  BOLA: 'API1:2023 Broken Object Level Authorization',
  AUTHN: 'API2:2023 Broken Authentication',
  BOPLA: 'API3:2023 Broken Object Property Level Authorization',
  RESOURCES: 'API4:2023 Unrestricted Resource Consumption',
  BFLA: 'API5:2023 Broken Function Level Authorization',
  MISCONFIG: 'API8:2023 Security Misconfiguration',
  UNSAFE_CONSUMPTION: 'API10:2023 Unsafe Consumption of APIs',
} as const;
