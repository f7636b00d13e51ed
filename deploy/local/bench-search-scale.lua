-- The search benchmark's query mix at scale: 2,000+ distinct searches drawn with a skewed (Zipf-like)
-- popularity, as the PWA sends them: words, brands, vehicles, part-number variants and typos, filters,
-- sorts and a share of deep pages. Built once per wrk thread with a fixed seed, so every run is the same.
local parts = {"brake pad", "brake disc", "oil filter", "air filter", "cabin air filter", "spark plug",
  "shock absorber", "radiator", "water pump", "timing belt kit", "wiper blade", "headlight bulb", "clutch kit",
  "alternator", "starter motor", "fuel pump", "glow plug", "ignition coil", "wheel bearing", "control arm"}
local brands = {"Bosch", "Valeo", "Brembo", "Mann", "Mahle", "NGK", "Sachs", "Febi", "TRW", "Hella"}
local vehicles = {"golf", "astra", "focus", "corolla", "clio", "octavia", "a4", "3 series"}
local typos = {"brak pad", "oil filtr", "sparkplug", "shock absorbr", "radiatr", "wiper blde", "altenator"}
local sorts = {"", "&sort=price_asc", "&sort=price_desc", "&sort=newest", "&sort=rating"}

local queries = {}
math.randomseed(42)
local function esc(s) return (s:gsub(" ", "%%20")) end
for i = 1, 2200 do
  local p = parts[math.random(#parts)]
  local kind = math.random(10)
  local q
  if kind <= 3 then
    q = "q=" .. esc(p)
  elseif kind == 4 then
    q = "q=" .. esc(brands[math.random(#brands)] .. " " .. p)
  elseif kind == 5 then
    q = "q=" .. esc(p .. " " .. vehicles[math.random(#vehicles)])
  elseif kind == 6 then
    q = "q=" .. esc(typos[math.random(#typos)])
  elseif kind == 7 then
    local n = string.format("0 986 %03d %03d", math.random(0, 999), math.random(0, 999))
    if math.random(2) == 1 then n = n:gsub(" ", "-") end
    q = "partNumber=" .. esc(n)
  elseif kind == 8 then
    q = "brand=" .. brands[math.random(#brands)] .. "&inStock=true"
  elseif kind == 9 then
    local low = math.random(0, 300) * 100
    q = "minPrice=" .. low .. "&maxPrice=" .. (low + math.random(10, 100) * 100)
  else
    q = "q=" .. esc(p) .. "&inStock=true"
  end
  local sort = sorts[math.random(#sorts)]
  if q:sub(1, 2) ~= "q=" and q:sub(1, 10) ~= "partNumber" and sort == "" then sort = "&sort=newest" end
  queries[i] = "/api/catalog/parts?" .. q .. sort .. "&limit=20"
end

-- Zipf-like popularity: query k is drawn with weight 1/k
local weights, total = {}, 0
for k = 1, #queries do total = total + 1 / k; weights[k] = total end
local function pick()
  local r = math.random() * total
  local lo, hi = 1, #weights
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if weights[mid] < r then lo = mid + 1 else hi = mid end
  end
  return queries[lo]
end

request = function()
  return wrk.format("GET", pick())
end
