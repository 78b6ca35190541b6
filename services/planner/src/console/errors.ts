// The console's error pages: a failure becomes a page with the navigation (for a session) and the
// message the API would give; a refused POST says why.
import { CONSOLE_BASE } from './guard.ts';
import { errorBlock, type Html, h, page } from './views/layout.ts';

export function errorPage(status: number, message: string, csrf: string | undefined): Html {
  return page(
    { title: status === 404 ? 'Not found' : 'Something went wrong', ...(csrf ? { csrf } : {}) },
    h`${errorBlock(message)}<p><a href="${CONSOLE_BASE}">Back to the console</a></p>`,
  );
}

export function refusal(reason: string, csrf?: string): Html {
  return page(
    { title: 'Request refused', ...(csrf ? { csrf } : {}) },
    h`${errorBlock(`Refused: ${reason}.`)}<p><a href="${CONSOLE_BASE}">Back to the console</a></p>`,
  );
}
