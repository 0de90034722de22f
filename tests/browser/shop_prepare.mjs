// A shop's staff: log in, open the list of pickup orders, accept the order, mark it ready.
// Input: { baseUrl, screenshotDir, user: { username, password }, partsPath, reference }.
import { clickAndLoad, expect, logIn, run } from './lib.mjs';

run('shop_prepare', async ({ page, input, step }) => {
  step('log in, straight to the pickup orders');
  await logIn(page, input.user, input.partsPath);
  const part = page.locator('section.shop-part', { hasText: input.reference });
  expect((await part.count()) === 1, `order ${input.reference} is not in the list`);

  step('accept');
  await clickAndLoad(page, part.getByRole('button', { name: /^Annehmen/ }));
  const accepted = (await page.locator('#messages .alert').first().textContent()).trim();

  step('mark ready');
  await clickAndLoad(page, part.getByRole('button', { name: /^Als abholbereit markieren/ }));
  const ready = (await page.locator('#messages .alert').first().textContent()).trim();
  const status = (await part.locator('h2 .badge').textContent()).trim();
  return { accepted, ready, status };
});
