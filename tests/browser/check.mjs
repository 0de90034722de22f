// tools/testenv's launch check: start headless Chromium through playwright-core, render a
// page, print the versions on stdout. Exits non-zero (with the reason on stderr) if it cannot.
import { launch, playwrightVersion } from './lib.mjs';

const browser = await launch();
try {
  const page = await browser.newPage();
  await page.setContent('<p id="check">ok</p>');
  const text = await page.textContent('#check', { timeout: 10_000 });
  if (text !== 'ok') throw new Error(`the page rendered ${JSON.stringify(text)}`);
  process.stdout.write(`Chromium ${browser.version()}, playwright-core ${playwrightVersion}\n`);
} finally {
  await browser.close();
}
