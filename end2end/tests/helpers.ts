import {
  expect,
  test as base,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from "@playwright/test";

// ---------------------------------------------------------------------------
// JavaScript on or off: declared once per project in playwright.config.ts
// (`phone`, `desktop` run it; `phone-nojs`, `desktop-nojs` do not). Specs
// import `test` and `expect` from here and read the mode from the `js`
// fixture: `test.skip(!js, "needs JavaScript: …")`.
// ---------------------------------------------------------------------------

/** Whether each browser context runs JavaScript (contexts we did not create: on, Playwright's default). */
const jsByContext = new WeakMap<BrowserContext, boolean>();

export const test = base.extend<{ js: boolean }>({
  /** True in the JavaScript projects, false in the `-nojs` ones (or under `test.use({ javaScriptEnabled: false })`). */
  js: async ({ javaScriptEnabled }, use) => {
    await use(javaScriptEnabled !== false);
  },
  // Remembers the mode of the test's own context, so helpers given only a
  // page know whether to wait for hydration.
  context: async ({ context, javaScriptEnabled }, use) => {
    jsByContext.set(context, javaScriptEnabled !== false);
    await use(context);
  },
});

export { expect };

/** Whether `page` runs JavaScript (and so will hydrate). */
export function jsOn(page: Page): boolean {
  return jsByContext.get(page.context()) ?? true;
}

/** `browser.newContext`, remembering whether it runs JavaScript (for `settle`/`gotoReady`). */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  jsByContext.set(context, options.javaScriptEnabled !== false);
  return context;
}

/** The demo accounts seeded together with the demo catalog. */
export const DEMO = {
  shopper: { email: "shopper@example.com", password: "shopper-demo-1" },
  operator: { email: "operator@example.com", password: "operator-demo-1" },
  merchant: { email: "merchant@example.com", password: "merchant-demo-1" },
};

export interface User {
  email: string;
  displayName: string;
  password: string;
}

/** A never-seen-before user, so that tests never share accounts or throttles. */
export function newUser(): User {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return {
    email: `e2e-${id}@example.com`,
    displayName: `E2E ${id}`,
    password: `pass-${id}-ok`,
  };
}

/** Waits until the WebAssembly client has hydrated the page (JS on only). */
export async function waitHydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
}

/**
 * Waits for hydration when the page runs JavaScript; without JavaScript the
 * server-rendered page is all there is, so it is ready once loaded.
 */
export async function settle(page: Page): Promise<void> {
  if (jsOn(page)) await waitHydrated(page);
}

/** `page.goto` followed, when JavaScript is on, by waiting for hydration. */
export async function gotoReady(page: Page, url: string) {
  const response = await page.goto(url);
  await settle(page);
  return response;
}

/** The site header (landmark "banner"). */
export function header(page: Page): Locator {
  return page.getByRole("banner");
}

/** The header search field: a textbox (or searchbox, its ARIA subclass) named `name`. */
export function searchField(page: Page, name = "Search"): Locator {
  return header(page)
    .getByRole("searchbox", { name })
    .or(header(page).getByRole("textbox", { name }));
}

/**
 * On a phone the account links live in a disclosure opened by the "Menu"
 * button; on a desktop they are always shown. Clicks "Menu" only when it is
 * visible and the menu is not already open.
 */
export async function openAccountMenu(page: Page, menuName: string | RegExp = /^\s*(menu|菜单)\s*$/i): Promise<void> {
  const menu = header(page).getByRole("button", { name: menuName });
  if (!(await menu.isVisible())) return;
  const details = menu.locator("xpath=ancestor::details[1]");
  const isOpen = (await details.count()) > 0 ? await details.evaluate((d) => (d as HTMLDetailsElement).open) : false;
  if (!isOpen) await menu.click();
}

/** Fills and submits the registration form on the current /register page. */
export async function submitRegistration(page: Page, user: Partial<User>): Promise<void> {
  const main = page.getByRole("main");
  await main.getByLabel("Email", { exact: true }).fill(user.email ?? "");
  await main.getByLabel("Display name").fill(user.displayName ?? "");
  await main.getByLabel("Password", { exact: true }).fill(user.password ?? "");
  await main.getByRole("button", { name: "Create account" }).click();
}

/** Fills and submits the log-in form on the current /login page. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  const main = page.getByRole("main");
  await main.getByLabel("Email", { exact: true }).fill(email);
  await main.getByLabel("Password", { exact: true }).fill(password);
  await main.getByRole("button", { name: "Log in" }).click();
}

/** Asserts the header shows `displayName` and a "Log out" button. */
export async function expectLoggedIn(page: Page, displayName: string): Promise<void> {
  // Retried as a whole: a submit may still be turning into a fresh page
  // (with the phone menu closed again) while we look.
  await expect(async () => {
    await openAccountMenu(page);
    await expect(header(page).getByText(displayName, { exact: true }).filter({ visible: true })).toBeVisible({ timeout: 1_000 });
    await expect(header(page).getByRole("button", { name: "Log out" })).toBeVisible({ timeout: 1_000 });
    await expect(header(page).getByRole("link", { name: "Log in" })).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** Asserts the header offers "Log in" and "Register" and no "Log out". */
export async function expectLoggedOut(page: Page): Promise<void> {
  await expect(async () => {
    await openAccountMenu(page);
    await expect(header(page).getByRole("link", { name: "Log in" })).toBeVisible({ timeout: 1_000 });
    await expect(header(page).getByRole("link", { name: "Register" })).toBeVisible({ timeout: 1_000 });
    await expect(header(page).getByRole("button", { name: "Log out" })).toHaveCount(0, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** Logs out through the header (opening the phone menu when needed). */
export async function logOut(page: Page): Promise<void> {
  await openAccountMenu(page);
  await header(page).getByRole("button", { name: "Log out" }).click();
  await expectLoggedOut(page);
}

/** Registers through the UI and waits until the header shows the user. */
export async function registerViaUi(page: Page, user: User): Promise<void> {
  await gotoReady(page, "/register");
  await submitRegistration(page, user);
  await expect(page).toHaveURL(/\/$/);
  await settle(page);
  await expectLoggedIn(page, user.displayName);
}

/** Logs in through the UI from /login and waits until the header shows it. */
export async function logInViaUi(page: Page, email: string, password: string, next = "/"): Promise<void> {
  await gotoReady(page, next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  await submitLogin(page, email, password);
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(next)}$`));
  await settle(page);
  await expect(header(page).getByRole("link", { name: "Log in" })).toHaveCount(0);
}

/**
 * Creates a fresh account in a throwaway browser context (no JavaScript,
 * plain form post) so the test's own page starts as a guest.
 */
export async function createUser(browser: Browser, baseURL: string | undefined): Promise<User> {
  const user = newUser();
  const context = await newContext(browser, { baseURL, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await registerViaUi(page, user);
  } finally {
    await context.close();
  }
  return user;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
