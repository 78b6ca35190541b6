// The login page: the planner's API token, entered once, opens a console session.
import { CONSOLE_BASE } from '../guard.ts';
import { errorBlock, type Html, h, page } from './layout.ts';

export function loginPage(options: { next: string; error?: string }): Html {
  return page(
    { title: 'Log in' },
    h`${options.error ? errorBlock(options.error) : ''}
<p>Enter the planner's API token (the <code>PLANNER_TOKEN</code> it was started with, or the token the dev
stack printed). The console keeps a session cookie; the token is not stored in the browser.</p>
<form method="post" action="${CONSOLE_BASE}/login">
  <input type="hidden" name="next" value="${options.next}">
  <p><label for="token">API token</label><br>
  <input type="password" id="token" name="token" autocomplete="current-password" required autofocus
    ${options.error ? h`aria-describedby="login-error" aria-invalid="true"` : ''}></p>
  ${options.error ? h`<p id="login-error" class="empty">${options.error}</p>` : ''}
  <p><button type="submit">Log in</button></p>
</form>`,
  );
}

/** Only console paths are followed after login (no open redirect to another site). */
export function safeNext(next: string | undefined): string {
  if (next === undefined || /\\|\/\/|(^|\/)\.\.?(\/|$|\?)/.test(next)) return CONSOLE_BASE;
  const ok = next === CONSOLE_BASE || next.startsWith(`${CONSOLE_BASE}/`) || next.startsWith(`${CONSOLE_BASE}?`);
  return ok ? next : CONSOLE_BASE;
}
