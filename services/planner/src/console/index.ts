// The web console's public face: the Hono app to mount next to the API, and the one-time login
// link a launcher can print.
export { type ConsoleOptions, createConsole } from './app.ts';
export { CONSOLE_BASE } from './guard.ts';
export { ConsoleSessions, consoleLoginLink } from './session.ts';
