/** Types of the admin API's bodies, inferred from the shared schemas the server validates with. */
import type {
  apiKeySchema,
  auditEntrySchema,
  createdApiKeySchema,
  createdDisplayTokenSchema,
  displayTokenSchema,
} from '@wardpulse/shared';

/** What a schema parses to (zod's `_output`), without depending on zod here. */
type Output<Schema> = Schema extends { _output: infer Parsed } ? Parsed : never;

export type { User } from '@wardpulse/shared';
export type ApiKey = Output<typeof apiKeySchema>;
export type CreatedApiKey = Output<typeof createdApiKeySchema>;
export type DisplayToken = Output<typeof displayTokenSchema>;
export type CreatedDisplayToken = Output<typeof createdDisplayTokenSchema>;
export type AuditEntry = Output<typeof auditEntrySchema>;

export const ADMIN_API = {
  users: '/api/v1/admin/users',
  apiKeys: '/api/v1/admin/api-keys',
  displayTokens: '/api/v1/admin/display-tokens',
  audit: '/api/v1/admin/audit',
  trusts: '/api/v1/admin/org/trusts',
  sites: '/api/v1/admin/org/sites',
  wards: '/api/v1/admin/org/wards',
  hl7Feeds: '/api/v1/admin/hl7/feeds',
} as const;
