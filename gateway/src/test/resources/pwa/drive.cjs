// Drives pwa.js in headless Chromium (playwright-core, Debian's chromium) and prints one JSON line
// with what happened; BrowserIntegrationTests asserts on it.
//   node drive.cjs <phase> <pageUrl> <gateway> [args...]
//   phase guest: <partId> <writes>           guest cart writes, then the guest's own live stream
//   phase sync:  <email> <password> <partId>  login, two tabs in live sync, resume after a closed stream
const { chromium } = require('playwright-core');

async function main() {
  const [phase, pageUrl, gateway, ...args] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const consoleErrors = [];
  try {
    const context = await browser.newContext();
    const open = async () => {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(pageUrl);
      return page;
    };
    const result = { phase };
    if (phase === 'guest') {
      const [partId, writes] = args;
      const tab = await open();
      result.writes = await tab.evaluate(([gw, part, n]) => window.pwa.guestWrites(gw, part, n), [gateway, partId, Number(writes)]);
      result.stream = await tab.evaluate(([gw]) => window.pwa.openStream(gw, true, null), [gateway]);
      result.liveAdd = await tab.evaluate(([gw, part]) => window.pwa.addAsGuest(gw, part), [gateway, partId]);
      result.events = await tab.evaluate(() => window.pwa.waitForEvents(1, 15000));
    } else if (phase === 'sync') {
      const [email, password, partId] = args;
      const tabA = await open();
      result.login = await tabA.evaluate(([gw, e, p]) => window.pwa.login(gw, e, p), [gateway, email, password]);
      const tabB = await open(); // same origin: the session in localStorage is shared, as in a real PWA
      result.streamA = await tabA.evaluate(([gw]) => window.pwa.openStream(gw, false, null), [gateway]);
      result.streamB = await tabB.evaluate(([gw]) => window.pwa.openStream(gw, false, null), [gateway]);
      result.addA = await tabA.evaluate(([gw, part]) => window.pwa.addAsUser(gw, part), [gateway, partId]);
      result.seenByB = await tabB.evaluate(() => window.pwa.waitForEvents(1, 15000));
      const resumeFrom = await tabB.evaluate(() => window.pwa.closeStream());
      result.missedAdds = [];
      for (let i = 0; i < 3; i++) {
        result.missedAdds.push(await tabA.evaluate(([gw, part]) => window.pwa.addAsUser(gw, part), [gateway, partId]));
      }
      result.resumedFrom = resumeFrom;
      result.resumed = await tabB.evaluate(([gw, from]) => window.pwa.openStream(gw, false, from), [gateway, resumeFrom]);
      result.replayed = await tabB.evaluate(() => window.pwa.waitForEvents(3, 15000));
    } else {
      throw new Error('unknown phase ' + phase);
    }
    result.consoleErrors = consoleErrors;
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
