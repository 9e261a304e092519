// Drives the face library page (/library) in Debian's Chromium as a user would, and prints one JSON line of what the
// page showed. Usage:
//   node library.mjs BASE_URL SCREENSHOT.png name NAME      names the first group of unknown faces
//   node library.mjs BASE_URL SCREENSHOT.png not-this-person  says "not this person" on the newest recognition
import { chromium } from "playwright-core";

const [baseUrl, screenshot, action, name] = process.argv.slice(2);
if (!baseUrl || !screenshot || !(action === "not-this-person" || (action === "name" && name))) {
  console.error("usage: node library.mjs BASE_URL SCREENSHOT.png (name NAME | not-this-person)");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${baseUrl}/library`);
  console.log(JSON.stringify(action === "name" ? await nameFirstGroup(page) : await notThisPerson(page)));
} finally {
  await browser.close();
}

async function nameFirstGroup(page) {
  const group = page.locator(".group").first();
  await group.waitFor({ timeout: 30_000 });
  const crops = await group.locator(".crops img").count();
  // Every crop must have loaded as an image: the API serves them to this page.
  await page.waitForFunction(() => [...document.querySelectorAll(".group img")].every(img => img.complete && img.naturalWidth > 0), null, { timeout: 10_000 });
  const facts = await group.locator(".facts").textContent();
  await group.locator("input[name=name]").fill(name);
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-before.png") });
  await group.locator("button.name").click();
  const said = await outcomeOf(group);
  // The page refreshes after a naming: the identity is then listed among the enrolled.
  await page.locator("#identities td", { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.screenshot({ path: screenshot });
  return { crops, facts, said, identities: await page.locator("#identities tr td:first-child").allTextContents() };
}

async function notThisPerson(page) {
  const recognition = page.locator(".recognition").first();
  await recognition.waitFor({ timeout: 30_000 });
  const what = await recognition.locator("span").first().textContent();
  await recognition.locator("button.not-this-person").click();
  const said = await outcomeOf(recognition);
  await page.screenshot({ path: screenshot });
  return { recognition: what, said };
}

async function outcomeOf(element) {
  const outcome = element.locator(".outcome");
  await outcome.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  return outcome.textContent();
}
