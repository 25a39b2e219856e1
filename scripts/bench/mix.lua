-- wrk script for `make bench`: each request is drawn from a realistic mix
-- instead of one URL loaded over and over (which only measures the cache).
--   MIX=product   random product pages over the whole catalogue
--   MIX=category  random category x sort x page x filter
--   MIX=search    random one- or two-word queries (Chinese and English) x page
--   MIX=reviews   product REVIEWED's reviews: any filter x sort x page of them
--   MIX=ranges    dashboard PAGE over random chosen ranges: 1 to 90 days, each
--                 day within the last 90 (China time)
-- PRODUCTS is the catalogue size. COOKIES, when set, names a file with one
-- Cookie header value per line (logged-in shoppers with carts); each request
-- picks one, so the mix is many shoppers, not one.

local mix = os.getenv("MIX") or "product"
local products = tonumber(os.getenv("PRODUCTS") or "100000")
local reviewed = os.getenv("REVIEWED") or "1"
local cookies = {}

local categories = {
  "phones-digital", "phones", "earphones", "smart-watches", "chargers-cables",
  "computers-office", "laptops", "keyboards", "mice", "monitors",
  "home-appliances", "rice-cookers", "air-purifiers", "kettles",
  "womens-clothing", "dresses", "coats", "knitwear",
  "mens-clothing", "t-shirts", "jackets", "jeans",
  "shoes-bags", "sneakers", "backpacks", "suitcases",
  "beauty", "skincare", "makeup", "fragrance",
  "food-drink", "tea", "snacks", "coffee",
  "home-kitchen", "cookware", "bedding", "storage",
  "sports-outdoors", "running", "camping", "yoga",
  "baby-toys", "toys", "diapers", "books", "fiction", "childrens-books",
}
local sorts = { "", "relevance", "newest", "price_asc", "price_desc", "best_selling", "rating" }
local filters = {
  "", "", "", "", "", "in_stock=1", "in_stock=1", "rating=4", "price_min=100&price_max=500",
  "price_max=200", "in_stock=1&rating=4",
}
local words = {
  "手机", "耳机", "蓝牙耳机", "降噪", "小米", "华为", "索尼", "笔记本", "键盘", "鼠标",
  "显示器", "电饭煲", "净化器", "连衣裙", "外套", "毛衣", "夹克", "牛仔裤", "运动鞋", "双肩包",
  "行李箱", "护肤", "口红", "香水", "茶", "零食", "咖啡", "锅", "收纳", "跑步", "露营", "瑜伽",
  "玩具", "小说", "正品", "无线",
  "phone", "wireless", "earbuds", "laptop", "keyboard", "mouse", "monitor", "rice", "cooker",
  "dress", "coat", "jacket", "jeans", "sneakers", "backpack", "suitcase", "tea", "coffee",
  "snacks", "yoga", "camping", "toys", "pro", "max", "lite", "sony", "xiaomi", "huawei", "anker",
  "foldable", "noise", "sport", "classic", "mini",
}

local function pick(list)
  return list[math.random(#list)]
end

-- Mostly the first page, sometimes deeper, as people browse.
local function page()
  local r = math.random(100)
  if r <= 60 then return 1 elseif r <= 85 then return 2 elseif r <= 95 then return math.random(3, 5) end
  return math.random(6, 20)
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function query_string(parts)
  local kept = {}
  for _, p in ipairs(parts) do
    if p ~= "" then kept[#kept + 1] = p end
  end
  if #kept == 0 then return "" end
  return "?" .. table.concat(kept, "&")
end

-- Each wrk thread gets its own seed (threads start in the same second).
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

-- Server errors, counted per thread: one is a defect, and the run fails.
server_errors = 0
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("server_errors") or 0) end
  io.write(string.format("Server errors: %d\n", total))
end

function init(args)
  math.randomseed(os.time() + 7919 * (thread_id or 0))
  local path = os.getenv("COOKIES")
  if path and path ~= "" then
    for line in io.lines(path) do
      if line ~= "" then cookies[#cookies + 1] = line end
    end
  end
end

function request()
  local path
  if mix == "product" then
    path = "/p/" .. math.random(products)
  elseif mix == "category" then
    local sort = pick(sorts)
    local p = page()
    path = "/c/" .. pick(categories) .. query_string({
      sort ~= "" and ("sort=" .. sort) or "",
      p > 1 and ("page=" .. p) or "",
      pick(filters),
    })
  elseif mix == "reviews" then
    -- Pages 1 to 100 of 10,000 reviews in any filter and order: most were
    -- not asked for lately (a product's kept pages do not cover them).
    local filter = pick({ "", "", "", "photos", "follow-ups", "5", "4", "3", "2", "1" })
    path = "/p/" .. reviewed .. query_string({
      filter ~= "" and ("rf=" .. filter) or "",
      math.random(2) == 1 and "rs=helpful" or "",
      "rp=" .. math.random(100),
    })
  elseif mix == "ranges" then
    local day = 86400
    local today = math.floor((os.time() + 8 * 3600) / day)
    local days = math.random(90)
    local to = today - math.random(0, 90 - days)
    path = (os.getenv("PAGE") or "/seller/analytics") .. "?from=" .. os.date("!%Y-%m-%d", (to - days + 1) * day)
      .. "&to=" .. os.date("!%Y-%m-%d", to * day)
  else
    local q = pick(words)
    if math.random(100) <= 60 then q = q .. " " .. pick(words) end
    local p = page()
    path = "/search" .. query_string({ "q=" .. encode(q), p > 1 and ("page=" .. p) or "" })
  end
  local headers = { ["Accept-Encoding"] = "br, gzip" }
  if #cookies > 0 then headers["Cookie"] = cookies[math.random(#cookies)] end
  return wrk.format("GET", path, headers)
end
