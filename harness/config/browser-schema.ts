/** The contract's `browser` section: CORS and CSP guardrails (WEB-1, WEB-2). */
import { z } from 'zod';

export const browser = z
  .strictObject({
    allowedOrigins: z
      .array(z.string().url())
      .default([])
      .meta({ description: 'The exact origins CORS may grant; any other must not be granted (WEB-1).', examples: [['https://app.example.test']] }),
    production: z
      .boolean()
      .default(false)
      .meta({ description: '`true` also forbids granting any non-HTTPS origin.', examples: [true] }),
    csp: z
      .boolean()
      .default(true)
      .meta({ description: 'Whether every response must carry a Content-Security-Policy (WEB-2).', examples: [false] }),
  })
  .meta({ description: 'Browser guardrails (WEB-1, WEB-2). Without this section they are skipped.' });
