// @restorelab/console: the web console as a Hono app. It reaches the planner only through its HTTP
// API (planner-api's client; in process when composed with the planner, as apps/stack does) and adds
// sessions, CSRF checks and HTML. Also the one-time login link a launcher can print.
export { type ConsoleOptions, createConsole } from './app.ts';
export { CONSOLE_BASE } from './guard.ts';
export { ConsoleSessions, consoleLoginLink } from './session.ts';
