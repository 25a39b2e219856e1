import { type Page } from "@playwright/test";
import { expect, gotoReady, header, newContext, openAccountMenu, searchField, settle, test } from "./helpers";

// Every journey here runs with JavaScript on (phone, desktop) and off
// (phone-nojs, desktop-nojs) unless it skips itself with a reason.

const PHONE_MAX_WIDTH = 760;

function footer(page: Page) {
  return page.getByRole("contentinfo");
}

async function expectEnglishShell(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", /^en\b/i);
  await expect(searchField(page, "Search")).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Cart" })).toBeVisible();
  await expect(footer(page).getByRole("navigation", { name: "Language" })).toBeVisible();
  await openAccountMenu(page);
  await expect(header(page).getByRole("link", { name: "My orders" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Log in" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Register" })).toBeVisible();
}

async function expectChineseShell(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(searchField(page, "搜索")).toBeVisible();
  await expect(header(page).getByRole("link", { name: "购物车" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Cart" })).toHaveCount(0);
  const language = footer(page).getByRole("navigation", { name: "语言" });
  await expect(language).toBeVisible();
  // The way back stays recognisable in its own language.
  await expect(language.getByRole("link", { name: "English" })).toBeVisible();
  await openAccountMenu(page);
  await expect(header(page).getByRole("link", { name: "我的订单" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "登录" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "注册" })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Log in" })).toHaveCount(0);
}

test.describe("shell", () => {
  test("home shows categories, featured and new arrivals", async ({ page }) => {
    const response = await gotoReady(page, "/");
    expect(response?.status()).toBe(200);
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { name: "Categories" })).toBeVisible();
    await expect(main.getByRole("heading", { name: "Featured" })).toBeVisible();
    await expect(main.getByRole("heading", { name: "New arrivals" })).toBeVisible();
    await expect(main.getByRole("link", { name: "Phones & Digital" })).toBeVisible();
    await expectEnglishShell(page);
  });

  test("switching to 简体中文 sticks across reload and navigation, and back to English", async ({ page }) => {
    await gotoReady(page, "/");
    await expectEnglishShell(page);

    await footer(page).getByRole("navigation", { name: "Language" }).getByRole("link", { name: "简体中文" }).click();
    await expect(page).toHaveURL(/\/$/);
    await settle(page);
    await expectChineseShell(page);
    await expect(page.getByRole("main").getByRole("link", { name: "手机数码" })).toBeVisible();

    await page.reload();
    await settle(page);
    await expectChineseShell(page);

    // Another page, reached through the UI.
    await header(page).getByRole("link", { name: "购物车" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await settle(page);
    await expectChineseShell(page);

    // And fresh loads of yet other pages.
    await gotoReady(page, "/register");
    await expectChineseShell(page);
    await gotoReady(page, "/login");
    await expectChineseShell(page);

    await footer(page).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await settle(page);
    await expectEnglishShell(page);
    await page.reload();
    await settle(page);
    await expectEnglishShell(page);
  });

  test("a browser asking for Chinese still gets English until the user chooses", async ({ browser, baseURL, js, viewport, hasTouch }) => {
    const context = await newContext(browser, { baseURL, locale: "zh-CN", javaScriptEnabled: js, viewport, hasTouch });
    try {
      const page = await context.newPage();
      await gotoReady(page, "/");
      await expectEnglishShell(page);
    } finally {
      await context.close();
    }
  });

  test("an unknown URL shows the 404 page", async ({ page }) => {
    const response = await gotoReady(page, "/no-such-page-e2e");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectEnglishShell(page);
  });

  test("the cart starts empty", async ({ page }) => {
    const response = await gotoReady(page, "/cart");
    expect(response?.status()).toBe(200);
    await expect(page.getByText("Your cart is empty")).toBeVisible();
  });

  test("a guest opening /orders is sent to log in", async ({ page }) => {
    await gotoReady(page, "/orders");
    await expect(page).toHaveURL(/\/login(\?next=%2Forders)?$/);
    await expect(page.getByRole("main").getByRole("button", { name: "Log in" })).toBeVisible();
  });

  test("Search submits with Enter", async ({ page }) => {
    await gotoReady(page, "/");
    const search = searchField(page);
    await search.fill("tea");
    await search.press("Enter");
    await expect(page).toHaveURL(/\/search\?(.*&)?q=tea(&|$)/);
  });

  for (const path of ["/", "/login"]) {
    test(`${path} hydrates without console errors`, async ({ page, js }) => {
      test.skip(!js, "hydration needs JavaScript");
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        const where = msg.location()?.url ?? "";
        if (/favicon/i.test(text) || /favicon/i.test(where)) return;
        errors.push(`console.error: ${text}${where ? ` (${where})` : ""}`);
      });
      page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));

      await gotoReady(page, path);
      // Let late effects and pending requests settle before judging.
      await page.waitForLoadState("networkidle");
      expect(errors, errors.join("\n")).toEqual([]);
    });
  }

  for (const path of ["/", "/login", "/register"]) {
    test(`${path} has no horizontal scroll at phone width`, async ({ page }) => {
      test.skip((page.viewportSize()?.width ?? 0) > PHONE_MAX_WIDTH, "phone viewport only");
      await gotoReady(page, path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`).toBeLessThanOrEqual(clientWidth);

      // The opened menu must not push the page sideways either.
      await openAccountMenu(page);
      const after = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(after).toBeLessThanOrEqual(0);
    });
  }
});
