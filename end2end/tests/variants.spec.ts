import { type Locator, type Page } from "@playwright/test";
import { escapeRegExp, expect, gotoReady, header, jsOn, settle, test } from "./helpers";

// The variant model: every product has 0–3 option dimensions, stored as data.
// The demo seed has, per category (dimension names in page order):
const DEMO_CATEGORIES: { path: string; dimensions: string[] }[] = [
  { path: "/c/phones", dimensions: ["Color", "Storage", "Edition"] },
  { path: "/c/t-shirts", dimensions: ["Color", "Size"] },
  { path: "/c/earphones", dimensions: ["Color"] },
  { path: "/c/fiction", dimensions: [] },
];

/** How many products of a listing a journey may try before giving up. */
const MAX_PRODUCTS = 10;

/** What a radio's label adds when its value cannot be bought as things stand. */
const NOTE = /sold out|unavailable/i;

// Every journey runs with JavaScript on (phone, desktop) and off
// (phone-nojs, desktop-nojs) unless it skips itself with a reason.

function main(page: Page): Locator {
  return page.getByRole("main");
}

function normalize(s: string | null | undefined): string {
  return (s ?? "").replace(/\s+/g, " ").trim();
}

/** A radio's value: its label without the "· Sold out" / "· Unavailable" note. */
function valueOf(label: string): string {
  return normalize(label)
    .replace(/\s*[·•|,:(（\-–—]*\s*(sold out|unavailable)\s*[)）]?\s*$/i, "")
    .trim();
}

/** An accessible name containing `word` as a whole word, any case (the UX contract's match rule). */
function named(word: string): RegExp {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(word)}($|[^\\p{L}\\p{N}])`, "iu");
}

/** The product page's parts, by their contract names. */
function buyBox(page: Page) {
  const m = main(page);
  return {
    title: m.getByRole("heading", { level: 1 }),
    groups: m.getByRole("radiogroup"),
    // Matched like the UX contract does: case-insensitive, extra words fine.
    group: (name: string) => m.getByRole("radiogroup", { name: named(name) }),
    radios: m.getByRole("radio"),
    quantity: m.getByRole("spinbutton", { name: "Quantity" }),
    add: m.getByRole("button", { name: "Add to cart" }),
    image: m.locator("img.product__image").first(),
  };
}

interface Radio {
  /** Index within its group. */
  index: number;
  /** The label as read (value plus any note). */
  label: string;
  value: string;
  /** Marked "Sold out" or "Unavailable". */
  noted: boolean;
  checked: boolean;
}

/** The radios of one group, in order, with their labels. */
async function radiosOf(group: Locator): Promise<Radio[]> {
  const raw = await group.getByRole("radio").evaluateAll((els) =>
    els.map((el) => {
      const byIds = (el.getAttribute("aria-labelledby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent ?? "")
        .join(" ");
      const input = el instanceof HTMLInputElement ? el : null;
      const byLabels = input?.labels ? Array.from(input.labels, (l) => l.textContent ?? "").join(" ") : "";
      const label = byIds || el.getAttribute("aria-label") || byLabels || el.closest("label")?.textContent || el.textContent || "";
      const checked = input ? input.checked : el.getAttribute("aria-checked") === "true";
      return { label, checked };
    }),
  );
  return raw.map((r, index) => ({
    index,
    label: normalize(r.label),
    value: valueOf(r.label),
    noted: NOTE.test(r.label),
    checked: r.checked,
  }));
}

/** Lets the hydrated page react to a change (its effects run on the next tasks). */
async function letPageReact(page: Page): Promise<void> {
  if (!jsOn(page)) return;
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(() => setTimeout(resolve, 0), 0)));
}

/** Chooses the `index`-th radio of `group` the way a person does: by clicking its label. */
async function choose(page: Page, group: Locator, index: number): Promise<void> {
  const radio = group.getByRole("radio").nth(index);
  const id = await radio.getAttribute("id");
  const label = id ? page.locator(`label[for="${id}"]`) : null;
  if (label && (await label.count()) > 0) await label.first().click();
  else await radio.check();
  await expect(radio).toBeChecked();
  await letPageReact(page);
}

/** Whether Add to cart is there and enabled (a sold-out choice renames or disables it). */
async function canAdd(page: Page): Promise<boolean> {
  const add = buyBox(page).add;
  return (await add.count()) > 0 && (await add.first().isEnabled());
}

/**
 * `canAdd` once the page has caught up with the last choice: the same answer
 * twice, a moment apart (JavaScript only; a static page cannot change).
 */
async function canAddSettled(page: Page): Promise<boolean> {
  let last = await canAdd(page);
  if (!jsOn(page)) return last;
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(100);
    const now = await canAdd(page);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** The checked value of every radio group, in page order. */
async function chosenValues(page: Page): Promise<string[]> {
  const chosen: string[] = [];
  for (const [i, group] of (await buyBox(page).groups.all()).entries()) {
    const checked = (await radiosOf(group)).filter((r) => r.checked);
    expect(checked, `exactly one value is chosen in radio group ${i + 1}`).toHaveLength(1);
    chosen.push(checked[0].value);
  }
  return chosen;
}

/** Every combination of radio indexes, dimension by dimension (`counts[d]` radios in dimension d). */
function combinations(counts: number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of counts) out = out.flatMap((prefix) => Array.from({ length: n }, (_, i) => [...prefix, i]));
  return out;
}

/**
 * Picks an in-stock combination that differs from the pre-checked one where
 * it can, and returns the chosen values; null when this product has none.
 *
 * With JavaScript the page follows every choice, so it walks the
 * combinations (another colour first, the pre-checked one last) until Add to
 * cart is enabled; some are sold out or missing ("Sold out", "Unavailable").
 * Without JavaScript the page is static: its notes describe each value with
 * the other dimensions as pre-checked, so it changes one dimension to a value
 * without a note and keeps the rest.
 */
async function chooseInStockCombination(page: Page): Promise<string[] | null> {
  const box = buyBox(page);
  const groups = await box.groups.all();

  if (!jsOn(page)) {
    if (!(await canAdd(page))) return null; // nothing pre-checked can be bought
    for (const group of groups) {
      const other = (await radiosOf(group)).find((r) => !r.checked && !r.noted);
      if (other) {
        await choose(page, group, other.index);
        break;
      }
    }
    await expect(box.add.first()).toBeEnabled();
    return chosenValues(page);
  }

  const radios = await Promise.all(groups.map(radiosOf));
  const initial = radios.map((rs) => rs.findIndex((r) => r.checked));
  const same = (a: number[], b: number[]) => a.every((x, i) => x === b[i]);
  const rank = (c: number[]) => (same(c, initial) ? 2 : c.length > 0 && c[0] === initial[0] ? 1 : 0);
  const order = combinations(radios.map((rs) => rs.length)).sort((a, b) => rank(a) - rank(b)); // stable
  for (const combo of order.slice(0, 120)) {
    for (let d = 0; d < groups.length; d++) {
      if (!(await groups[d].getByRole("radio").nth(combo[d]).isChecked())) await choose(page, groups[d], combo[d]);
    }
    if (!(await canAddSettled(page))) continue;
    // Buyable: none of the chosen values is marked as sold out or missing.
    await expect
      .poll(async () => (await Promise.all(groups.map(radiosOf))).flat().filter((r) => r.checked && r.noted).map((r) => r.label), {
        message: "chosen values of an in-stock combination carry no Sold out / Unavailable note",
      })
      .toEqual([]);
    return chosenValues(page);
  }
  return null;
}

/** Product links of the current listing, in page order, deduplicated. */
async function productLinks(page: Page): Promise<string[]> {
  const hrefs = await main(page)
    .locator('a[href*="/p/"]')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  return [...new Set(hrefs.filter((h) => /^\/p\/\d+$/.test(h)))];
}

/** Opens a category page and clicks its first product card; returns the product's title. */
async function openFirstProduct(page: Page, path: string): Promise<string> {
  await gotoReady(page, path);
  const first = main(page).locator('a[href^="/p/"]').first();
  const href = await first.getAttribute("href");
  expect(href, `a product card on ${path}`).toBeTruthy();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${escapeRegExp(new URL(href!, page.url()).pathname)}$`));
  await settle(page);
  await expect(buyBox(page).title).toBeVisible();
  return normalize(await buyBox(page).title.textContent());
}

/** Clicks Add to cart and ends on /cart: with JavaScript through the header link, without by the form's redirect. */
async function addAndOpenCart(page: Page): Promise<void> {
  await buyBox(page).add.first().click();
  if (jsOn(page)) {
    await expect(main(page).getByRole("status").filter({ hasText: /Added to cart/i })).toBeVisible();
    await header(page).getByRole("link", { name: "Cart" }).click();
  }
  await expect(page).toHaveURL(/\/cart$/);
  await settle(page);
}

/** The cart line of the product titled `title`. */
function cartLine(page: Page, title: string): Locator {
  return main(page)
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: title }) });
}

/** A regular expression finding a colour's name, lower-cased, in a picture's address. */
function colourInSrc(colour: string): RegExp {
  const words = colour
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(escapeRegExp);
  expect(words.length, `a colour name in ${JSON.stringify(colour)}`).toBeGreaterThan(0);
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join("[^\\p{L}\\p{N}]*")}(?![\\p{L}\\p{N}])`, "u");
}

async function imageSrc(image: Locator): Promise<string> {
  const src = (await image.getAttribute("src")) ?? "";
  try {
    return decodeURIComponent(src);
  } catch {
    return src;
  }
}

test.describe("variants", () => {
  for (const { path, dimensions } of DEMO_CATEGORIES) {
    const what = dimensions.length ? `radio groups ${dimensions.join(", ")} in that order` : "no radio group";
    test(`a ${path} product has ${what}`, async ({ page }) => {
      await openFirstProduct(page, path);
      const box = buyBox(page);

      await expect(box.groups).toHaveCount(dimensions.length);
      for (const [i, name] of dimensions.entries()) {
        // In DOM order, each named after its dimension.
        await expect(box.groups.nth(i)).toHaveAccessibleName(named(name));
        await expect(box.group(name)).toHaveCount(1);
        const radios = await radiosOf(box.group(name));
        expect(radios.length, `${name} offers values`).toBeGreaterThan(0);
        for (const r of radios) expect(r.value, `a ${name} radio is labelled with its value (${r.label})`).not.toBe("");
      }
      if (dimensions.length === 0) await expect(box.radios).toHaveCount(0);

      await expect(box.quantity).toBeVisible();
      await expect(box.quantity).toHaveValue("1");
      await expect(box.add.or(main(page).getByRole("button", { name: /sold out/i })).first()).toBeVisible();
    });
  }

  test("choosing another colour in stock shows that colour's picture", async ({ page, js }) => {
    test.skip(!js, "without JavaScript the product page is static: the picture follows the colour once hydrated");
    await gotoReady(page, "/c/phones");
    const hrefs = (await productLinks(page)).slice(0, MAX_PRODUCTS);
    expect(hrefs.length, "products on /c/phones").toBeGreaterThan(0);

    const tried: string[] = [];
    for (const href of hrefs) {
      await gotoReady(page, href);
      const box = buyBox(page);
      const color = box.group("Color");
      await expect(color).toHaveCount(1);
      const radios = await radiosOf(color);
      const current = radios.find((r) => r.checked);
      const other = radios.find((r) => !r.checked && !r.noted);
      if (!other) {
        tried.push(`${href}: no other colour in stock (${radios.map((r) => r.label).join(", ")})`);
        continue;
      }

      const before = await imageSrc(box.image);
      if (current) expect.soft(before, `the picture of the pre-checked ${current.value}`).toMatch(colourInSrc(current.value));
      await choose(page, color, other.index);
      await expect.poll(() => imageSrc(box.image), { message: `the picture of ${other.value}` }).toMatch(colourInSrc(other.value));
      await expect.poll(() => imageSrc(box.image), { message: "the main picture changed" }).not.toBe(before);
      // It was offered as in stock, so it can be bought.
      await expect(box.add.first()).toBeEnabled();
      return;
    }
    throw new Error(`no phone offered a second colour in stock: ${tried.join("; ")}`);
  });

  test("an in-stock combination goes to the cart with its option values", async ({ page }) => {
    const dimensions = ["Color", "Storage", "Edition"];
    // The first card, then the next products of the listing if it has nothing in stock.
    let title = await openFirstProduct(page, "/c/phones");
    let chosen = await chooseInStockCombination(page);
    if (!chosen) {
      await gotoReady(page, "/c/phones");
      for (const href of (await productLinks(page)).slice(1, MAX_PRODUCTS)) {
        await gotoReady(page, href);
        title = normalize(await buyBox(page).title.textContent());
        chosen = await chooseInStockCombination(page);
        if (chosen) break;
      }
    }
    expect(chosen, "a phone with an in-stock combination").toBeTruthy();
    expect(chosen, `one value per dimension (${dimensions.join(", ")})`).toHaveLength(dimensions.length);
    test.info().annotations.push({ type: "chosen", description: `${title}: ${chosen!.join(" / ")} (${page.url()})` });
    await expect(buyBox(page).quantity).toHaveValue("1");

    await addAndOpenCart(page);
    const line = cartLine(page, title);
    await expect(line).toHaveCount(1);
    // The line names each dimension and the value chosen for it.
    for (const [i, dimension] of dimensions.entries()) {
      await expect(line).toContainText(dimension, { ignoreCase: true });
      await expect(line).toContainText(chosen![i]);
    }
    await expect(line.getByRole("spinbutton", { name: "Quantity" })).toHaveValue("1");
  });

  test("a /c/fiction product has no options and goes to the cart", async ({ page }) => {
    await gotoReady(page, "/c/fiction");
    const hrefs = (await productLinks(page)).slice(0, MAX_PRODUCTS);
    expect(hrefs.length, "products on /c/fiction").toBeGreaterThan(0);

    let title: string | undefined;
    for (const href of hrefs) {
      await gotoReady(page, href);
      const box = buyBox(page);
      await expect(box.title).toBeVisible();
      await expect(box.groups).toHaveCount(0);
      await expect(box.radios).toHaveCount(0);
      await expect(box.quantity).toBeVisible();
      if (await canAdd(page)) {
        title = normalize(await box.title.textContent());
        break;
      }
    }
    expect(title, "a fiction product in stock").toBeTruthy();

    await addAndOpenCart(page);
    const line = cartLine(page, title!);
    await expect(line).toHaveCount(1);
    await expect(line.getByRole("spinbutton", { name: "Quantity" })).toHaveValue("1");
  });
});
