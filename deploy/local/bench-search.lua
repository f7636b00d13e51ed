-- A rotating mix of catalog searches, as the PWA sends them.
local queries = {
  "/api/catalog/parts?q=brake%20pad&limit=20",
  "/api/catalog/parts?q=oil%20filter%20golf&limit=20",
  "/api/catalog/parts?q=bosch%20spark%20plug&limit=20",
  "/api/catalog/parts?partNumber=0%20986%20123&limit=20",
  "/api/catalog/parts?partNumber=BKR6E&limit=20",
  "/api/catalog/parts?q=shock%20absorber&sort=price_asc&limit=20",
  "/api/catalog/parts?brand=Valeo&inStock=true&limit=20",
  "/api/catalog/parts?minPrice=1000&maxPrice=5000&sort=price_desc&limit=20",
  "/api/catalog/parts?sort=newest&limit=50",
  "/api/catalog/parts?q=radiator&inStock=true&sort=rating&limit=20",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1])
end
