import { expect, test, DEMO, gotoReady, jsOn, logInViaUi, settle } from "./helpers";

// The seller portal and the operator console have navigation of their own:
// a side list on a desktop, a disclosure on a phone (it opens without
// JavaScript too, so these journeys run in every project).

/** Opens a section's own navigation when it is folded (phones). */
async function sectionLink(page: import("@playwright/test").Page, menu: string, link: string) {
  const viewport = page.viewportSize();
  const toggle = page.getByRole("button", { name: menu });
  if (viewport && viewport.width < 700 && (await toggle.isVisible())) {
    await toggle.click();
  }
  return page.getByRole("link", { name: link, exact: true }).filter({ visible: true }).first();
}

test.describe("staff sections", () => {
  test("a merchant opens the seller portal and lists the shop's products", async ({ page }) => {
    await logInViaUi(page, DEMO.merchant.email, DEMO.merchant.password);
    const response = await page.goto("/seller");
    expect(response?.status()).toBe(200);
    await settle(page);
    await expect(page.getByRole("heading", { name: "Seller portal", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: /Harbor Digital/ })).toBeVisible();
    await (await sectionLink(page, "Seller menu", "Products")).click();
    await expect(page).toHaveURL(/\/seller\/products/);
    await expect(page.getByRole("link", { name: "View live page" }).first()).toBeVisible();
  });

  test("an operator lists the shops from the console's navigation", async ({ page }) => {
    await logInViaUi(page, DEMO.operator.email, DEMO.operator.password);
    await page.goto("/admin");
    await settle(page);
    await (await sectionLink(page, "Console menu", "Shops")).click();
    await expect(page).toHaveURL(/\/admin\/shops/);
    await expect(page.getByText("港湾数码 Harbor Digital").first()).toBeVisible();
    await expect(page.getByText("merchant@example.com").first()).toBeVisible();
  });

  test("a shopper is refused the seller portal", async ({ page }) => {
    await logInViaUi(page, DEMO.shopper.email, DEMO.shopper.password);
    const response = await page.goto("/seller");
    expect(response?.status()).toBe(403);
    await expect(page.getByText("You do not have access to this page")).toBeVisible();
  });

  test("a merchant sees new paid orders among the notifications, counted in the navigation", async ({ page }) => {
    await logInViaUi(page, DEMO.merchant.email, DEMO.merchant.password);
    await gotoReady(page, "/seller");
    // The name carries the unread count: "Notifications (3)".
    await sectionLink(page, "Seller menu", "Overview");
    const link = page.getByRole("link", { name: /^Notifications \(\d+\)$/ }).filter({ visible: true }).first();
    await link.click();
    await expect(page).toHaveURL(/\/seller\/notifications/);
    await settle(page);
    await expect(page.getByRole("main").getByText("New paid order to ship:").first()).toBeVisible();
  });

  test("a merchant sets a SKU's stock and low-stock threshold from Inventory", async ({ page }) => {
    await logInViaUi(page, DEMO.merchant.email, DEMO.merchant.password);
    await gotoReady(page, "/seller/inventory");
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1, name: /Inventory/ })).toBeVisible();
    const threshold = main.getByRole("spinbutton", { name: /^Low-stock threshold/ }).first();
    await threshold.fill("7");
    const save = main.getByRole("button", { name: "Save" }).first();
    if (jsOn(page)) {
      await Promise.all([page.waitForResponse((r) => r.url().includes("/api/catalog/save_inventory")), save.click()]);
    } else {
      await save.click();
      await expect(page).toHaveURL(/\/seller\/inventory/);
    }
    await gotoReady(page, "/seller/inventory");
    await expect(main.getByRole("spinbutton", { name: /^Low-stock threshold/ }).first()).toHaveValue("7");
  });
});
