import { defineConfig } from "@playwright/test";

// Where the app under test lives. The Makefile may point this elsewhere.
const baseURL = (process.env.JISHI_E2E_URL || "http://127.0.0.1:3000").replace(/\/+$/, "");

// When JISHI_E2E_SERVER_CMD is set (e.g. by `make e2e`), Playwright starts a
// fresh server with that command and waits for /healthz. Otherwise the suite
// runs against an already running server at baseURL.
const serverCmd = process.env.JISHI_E2E_SERVER_CMD;

const launchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

const phone = { viewport: { width: 390, height: 844 }, isMobile: false, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 } };

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    locale: "en-US",
    trace: "retain-on-failure",
  },
  // Every journey runs on a phone and a desktop, each with JavaScript on
  // (hydrated by the WebAssembly client) and off (server-rendered pages and
  // plain form posts). Specs contain each journey once; one that needs
  // JavaScript skips itself in the -nojs projects (and vice versa) through
  // the `js` fixture of tests/helpers.ts.
  projects: [
    { name: "phone", use: { ...phone, javaScriptEnabled: true } },
    { name: "desktop", use: { ...desktop, javaScriptEnabled: true } },
    { name: "phone-nojs", use: { ...phone, javaScriptEnabled: false } },
    { name: "desktop-nojs", use: { ...desktop, javaScriptEnabled: false } },
  ],
  webServer: serverCmd
    ? {
        command: serverCmd,
        url: `${baseURL}/healthz`,
        reuseExistingServer: false,
        timeout: 180_000,
        stdout: "pipe",
        stderr: "pipe",
      }
    : undefined,
});
