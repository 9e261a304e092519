// Opens the face library in Debian's Chromium as a user would, names the first group of unknown faces, and waits for
// the page to say it was named. Prints one JSON line: what the page showed. Usage:
//   node name-group.mjs BASE_URL NAME SCREENSHOT.png
import { chromium } from "playwright-core";

const [baseUrl, name, screenshot] = process.argv.slice(2);
if (!baseUrl || !name || !screenshot) {
  console.error("usage: node name-group.mjs BASE_URL NAME SCREENSHOT.png");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}/library`);
  const group = page.locator(".group").first();
  await group.waitFor({ timeout: 30_000 });
  const crops = await group.locator(".crops img").count();
  // Every crop must have loaded as an image: the API serves them to this page.
  await page.waitForFunction(() => [...document.querySelectorAll(".group img")].every(img => img.complete && img.naturalWidth > 0), null, { timeout: 10_000 });
  const facts = await group.locator(".facts").textContent();
  await group.locator("input[name=name]").fill(name);
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-before.png") });
  await group.locator("button.name").click();
  const outcome = group.locator(".outcome");
  await outcome.filter({ hasText: /Named|enrolled|error/i }).waitFor({ timeout: 30_000 });
  const said = await outcome.textContent();
  // The page refreshes after a naming: the identity is then listed among the enrolled.
  await page.locator("#identities td", { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ crops, facts, said, identities: await page.locator("#identities tr td:first-child").allTextContents() }));
} finally {
  await browser.close();
}
