import { expect, test, type Page } from "@playwright/test";
import { gotoPage, header, openAccountMenu, searchField, settle, waitHydrated } from "./helpers";

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

test.describe("shell, JavaScript on", () => {
  test("home shows categories, featured and new arrivals", async ({ page }) => {
    const response = await gotoPage(page, "/", true);
    expect(response?.status()).toBe(200);
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { name: "Categories" })).toBeVisible();
    await expect(main.getByRole("heading", { name: "Featured" })).toBeVisible();
    await expect(main.getByRole("heading", { name: "New arrivals" })).toBeVisible();
    await expect(main.getByRole("link", { name: "Phones & Digital" })).toBeVisible();
    await expectEnglishShell(page);
  });

  test("switching to 简体中文 sticks across reload and navigation, and back to English", async ({ page }) => {
    await gotoPage(page, "/", true);
    await expectEnglishShell(page);

    await footer(page).getByRole("navigation", { name: "Language" }).getByRole("link", { name: "简体中文" }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitHydrated(page);
    await expectChineseShell(page);
    await expect(page.getByRole("main").getByRole("link", { name: "手机数码" })).toBeVisible();

    await page.reload();
    await waitHydrated(page);
    await expectChineseShell(page);

    // Another page, reached through the UI.
    await header(page).getByRole("link", { name: "购物车" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await waitHydrated(page);
    await expectChineseShell(page);

    // And a fresh load of yet another page.
    await gotoPage(page, "/login", true);
    await expectChineseShell(page);

    await footer(page).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await waitHydrated(page);
    await expectEnglishShell(page);
    await page.reload();
    await waitHydrated(page);
    await expectEnglishShell(page);
  });

  test("a browser asking for Chinese still gets English until the user chooses", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, locale: "zh-CN" });
    try {
      const page = await context.newPage();
      await gotoPage(page, "/", true);
      await expectEnglishShell(page);
    } finally {
      await context.close();
    }
  });

  test("an unknown URL shows the 404 page", async ({ page }) => {
    const response = await gotoPage(page, "/no-such-page-e2e", true);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expectEnglishShell(page);
  });

  test("the cart starts empty", async ({ page }) => {
    const response = await gotoPage(page, "/cart", true);
    expect(response?.status()).toBe(200);
    await expect(page.getByText("Your cart is empty")).toBeVisible();
  });

  test("a guest opening /orders is sent to log in", async ({ page }) => {
    await gotoPage(page, "/orders", true);
    await expect(page).toHaveURL(/\/login(\?next=%2Forders)?$/);
    await expect(page.getByRole("main").getByRole("button", { name: "Log in" })).toBeVisible();
  });

  test("Search submits with Enter", async ({ page }) => {
    await gotoPage(page, "/", true);
    const search = searchField(page);
    await search.fill("tea");
    await search.press("Enter");
    await expect(page).toHaveURL(/\/search\?(.*&)?q=tea(&|$)/);
  });

  for (const path of ["/", "/login"]) {
    test(`${path} hydrates without console errors`, async ({ page }) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = msg.text();
        const where = msg.location()?.url ?? "";
        if (/favicon/i.test(text) || /favicon/i.test(where)) return;
        errors.push(`console.error: ${text}${where ? ` (${where})` : ""}`);
      });
      page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));

      await gotoPage(page, path, true);
      // Let late effects and pending requests settle before judging.
      await page.waitForLoadState("networkidle");
      expect(errors, errors.join("\n")).toEqual([]);
    });
  }

  for (const path of ["/", "/login", "/register"]) {
    test(`${path} has no horizontal scroll at phone width`, async ({ page }) => {
      test.skip((page.viewportSize()?.width ?? 0) > PHONE_MAX_WIDTH, "phone viewport only");
      await gotoPage(page, path, true);
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

test.describe("shell, JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("home renders and the language switch works without JavaScript", async ({ page }) => {
    await gotoPage(page, "/", false);
    await expect(page.getByRole("heading", { name: "Categories" })).toBeVisible();
    await expectEnglishShell(page);

    await footer(page).getByRole("link", { name: "简体中文" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectChineseShell(page);

    await gotoPage(page, "/register", false);
    await expectChineseShell(page);

    await footer(page).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expectEnglishShell(page);
  });

  test("a guest opening /orders is sent to log in", async ({ page }) => {
    await page.goto("/orders");
    await expect(page).toHaveURL(/\/login(\?next=%2Forders)?$/);
  });

  test("an unknown URL shows the 404 page", async ({ page }) => {
    const response = await page.goto("/no-such-page-e2e");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
