import { AuthTables1763800001000 } from './1763800001000-auth-tables.js';
import { AuthSessionsThrottle1763800011700 } from './1763800011700-auth-sessions-throttle.js';

/** The migrations of the auth module's tables (users, api_tokens, sessions, login throttle). */
export const AUTH_MIGRATIONS = [AuthTables1763800001000, AuthSessionsThrottle1763800011700];
