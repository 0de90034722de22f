// A shop's staff at the counter: log in, type the resident's code (the field has the focus),
// see what to hand over, confirm the handover.
// Input: { baseUrl, screenshotDir, user: { username, password }, counterPath, code }.
import { clickAndLoad, expect, logIn, pressAndLoad, run } from './lib.mjs';

run('shop_counter', async ({ page, input, step }) => {
  step('log in, straight to the counter');
  await logIn(page, input.user, input.counterPath);
  const field = page.getByLabel('Abholcode');
  expect(await field.evaluate((el) => el === document.activeElement), 'the code field has no focus');

  step('type the code');
  await page.keyboard.type(input.code);
  await pressAndLoad(page, 'Enter');
  const handover = page.locator('section', { has: page.locator('#handover-heading') });
  await handover.waitFor();
  const heading = (await handover.locator('h2').textContent()).trim();
  const items = await handover.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent.replace(/\s+/g, ' ').trim())),
  );

  step('confirm the handover');
  await clickAndLoad(page, handover.getByRole('button', { name: 'Übergabe bestätigen' }));
  const confirmed = (await page.locator('#messages .alert').first().textContent()).trim();
  return { heading, items, confirmed };
});
