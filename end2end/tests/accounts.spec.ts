import { type Page } from "@playwright/test";
import {
  DEMO,
  createUser,
  expect,
  expectLoggedIn,
  expectLoggedOut,
  gotoReady,
  header,
  logInViaUi,
  logOut,
  newUser,
  openAccountMenu,
  settle,
  submitLogin,
  submitRegistration,
  test,
} from "./helpers";

// Every journey here runs with JavaScript on (phone, desktop) and off
// (phone-nojs, desktop-nojs: plain form posts and redirects).

function field(page: Page, label: string) {
  return page.getByRole("main").getByLabel(label, { exact: true });
}

/** The error next to a field: `#field-{name}-error`, referenced by the input. */
async function expectFieldError(page: Page, label: string, id: string, message: string) {
  const input = field(page, label);
  const error = page.locator(`#field-${id}-error`);
  await expect(error).toBeVisible();
  await expect(error).toHaveText(message, { ignoreCase: true });
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAttribute("aria-describedby", new RegExp(`(^|\\s)field-${id}-error(\\s|$)`));
  await expect(input).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i"));
}

/** Goes to the log-in page through the header link, like a person would. */
async function openLogin(page: Page) {
  await openAccountMenu(page);
  await header(page).getByRole("link", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await settle(page);
}

test.describe("accounts", () => {
  test("register, log out, log in, log out", async ({ page }) => {
    const user = newUser();

    await gotoReady(page, "/register");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("At least 10 characters, not only digits, and not your email.")).toBeVisible();
    await submitRegistration(page, user);
    await expect(page).toHaveURL(/\/$/);
    await settle(page);
    await expectLoggedIn(page, user.displayName);

    await logOut(page);

    await openLogin(page);
    await submitLogin(page, user.email, user.password);
    await expect(page).toHaveURL(/\/$/);
    await settle(page);
    await expectLoggedIn(page, user.displayName);

    // Still logged in after a full reload (the session is a cookie).
    await page.reload();
    await settle(page);
    await expectLoggedIn(page, user.displayName);

    await logOut(page);
    await page.reload();
    await settle(page);
    await expectLoggedOut(page);
  });

  test("registering with ?next= lands on that page", async ({ page }) => {
    const user = newUser();
    await gotoReady(page, "/register?next=%2Forders");
    await submitRegistration(page, user);
    await expect(page).toHaveURL(/\/orders$/);
    await settle(page);
    await expect(page.getByText("You have no orders yet")).toBeVisible();
    await expectLoggedIn(page, user.displayName);
  });

  test("wrong password shows the error next to Password and keeps the email", async ({ page, browser, baseURL }) => {
    const user = await createUser(browser, baseURL);

    await gotoReady(page, "/login");
    await submitLogin(page, user.email, "not-the-right-password");
    await expectFieldError(page, "Password", "password", "Wrong email or password.");
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(field(page, "Email")).toHaveValue(user.email);
    await expectLoggedOut(page);

    // The right password still works afterwards.
    await settle(page);
    await submitLogin(page, user.email, user.password);
    await expect(page).toHaveURL(/\/$/);
    await settle(page);
    await expectLoggedIn(page, user.displayName);
  });

  test("registering an existing email is refused next to Email", async ({ page, browser, baseURL }) => {
    const existing = await createUser(browser, baseURL);
    const attempt = { ...newUser(), email: existing.email };

    await gotoReady(page, "/register");
    await submitRegistration(page, attempt);
    await expectFieldError(page, "Email", "email", "That email is already registered.");
    expect(new URL(page.url()).pathname).toBe("/register");
    await expect(field(page, "Email")).toHaveValue(attempt.email);
    await expect(field(page, "Display name")).toHaveValue(attempt.displayName);
    await expect.soft(field(page, "Password"), "the typed password must not be kept after a refused registration").toHaveValue("");
    await expectLoggedOut(page);
  });

  const weak: { name: string; password: (email: string) => string; message: string }[] = [
    { name: "too short", password: () => "short1", message: "The password needs at least 10 characters." },
    { name: "only digits", password: () => "1234567890123", message: "The password cannot be only digits." },
    { name: "equal to the email", password: (email) => email, message: "The password cannot be your email." },
  ];
  for (const w of weak) {
    test(`a weak password (${w.name}) is refused next to Password, other fields kept`, async ({ page }) => {
      const user = newUser();
      user.password = w.password(user.email);

      await gotoReady(page, "/register");
      await submitRegistration(page, user);
      await expectFieldError(page, "Password", "password", w.message);
      expect(new URL(page.url()).pathname).toBe("/register");
      await expect(field(page, "Email")).toHaveValue(user.email);
      await expect(field(page, "Display name")).toHaveValue(user.displayName);
      await expect.soft(field(page, "Password"), "the typed password must not be kept after a refused registration").toHaveValue("");
      await expectLoggedOut(page);

      // Nothing was created: the account cannot log in.
      await openLogin(page);
      await submitLogin(page, user.email, user.password);
      await expect(page.locator("#field-password-error")).toHaveText("Wrong email or password.");
    });
  }

  test("a guest opening /admin is sent to log in, and comes back after", async ({ page }) => {
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
    await settle(page);
    await submitLogin(page, DEMO.operator.email, DEMO.operator.password);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { name: "Operator console" })).toBeVisible();
  });

  test("a shopper opening /admin gets the 403 page", async ({ page, browser, baseURL }) => {
    const user = await createUser(browser, baseURL);
    await logInViaUi(page, user.email, user.password);

    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    expect(new URL(page.url()).pathname).toBe("/admin");
    await settle(page);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Operator console" })).toHaveCount(0);
    await expect(page.getByText("Users", { exact: true })).toHaveCount(0);
  });

  test("an operator sees the operator console", async ({ page }) => {
    await logInViaUi(page, DEMO.operator.email, DEMO.operator.password);

    const response = await page.goto("/admin");
    expect(response?.status()).toBe(200);
    await settle(page);
    await expect(page.getByRole("heading", { name: "Operator console" })).toBeVisible();
    // The platform counts (the console's own navigation also says "Shops").
    const counts = page.locator("dl.stats");
    for (const label of ["Users", "Shops", "Products"]) {
      await expect(counts.getByText(label, { exact: true })).toBeVisible();
    }
  });
});
