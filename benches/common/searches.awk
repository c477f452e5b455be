# Functions for the benches' awk programs: a generator with a fixed seed
# (Park-Miller, exact in any awk) and /jobs searches made from it.
#
#   awk -v seed=... -f benches/common/searches.awk -f program.awk
#
# `searches(count, last_page, seen, out, n)` appends `count` distinct
# searches (words, every filter kind, sorts, pages 1 to `last_page`) to
# out[n+1..], skipping any URL already in `seen`, and returns the new n.

function rnd(n) { seed = (seed * 48271) % 2147483647; return int(seed / 2147483647 * n) }
function pick(list, count) { return list[rnd(count) + 1] }
function split_into(text, list) { return split(text, list, " ") }

function searches(count, last_page, seen, out, n,
                  words, categories, stacks, levels, types, regions, salaries, sorts,
                  word_count, category_count, stack_count, level_count, type_count, region_count,
                  salary_count, sort_count, made, tries, kind, q, category, stack, level, salary,
                  region, type, verified, sort, filters, f, which, s, roll, page, query, url) {
  word_count = split_into("rust backend senior react python devops kubernetes data golang typescript " \
    "frontend platform staff django postgres aws api mobile security node java kotlin elixir scala " \
    "terraform graphql ios android cloud fintech spark kafka llm infrastructure payments " \
    "machine+learning full+stack site+reliability data+engineer react+native senior+backend " \
    "rust+async python+django go+microservices kubernets pyhton", words)
  category_count = split_into("backend frontend full-stack mobile devops data-engineering " \
    "machine-learning security qa engineering-management", categories)
  stack_count = split_into("python nodejs typescript javascript go rust java kotlin csharp cpp ruby " \
    "php elixir scala swift react vue angular react-native flutter django rails postgresql kafka " \
    "spark pytorch aws gcp kubernetes terraform graphql playwright", stacks)
  level_count = split_into("junior mid senior staff principal", levels)
  type_count = split_into("full-time part-time contract internship", types)
  region_count = split_into("worldwide americas europe emea apac us de gb in br ca", regions)
  salary_count = split_into("60000 80000 100000 120000 150000 180000 200000", salaries)
  sort_count = split_into("relevance newest salary", sorts)
  made = 0
  for (tries = 0; made < count && tries < 100 * count; tries++) {
    kind = rnd(3) # words, filters, or both
    q = ""; category = ""; stack = ""; level = ""; salary = ""; region = ""; type = ""
    verified = 0; sort = ""
    if (kind != 1) {
      q = pick(words, word_count)
      if (rnd(4) == 0) q = q "+" pick(words, word_count)
    }
    if (kind != 0) {
      filters = 1 + rnd(3)
      for (f = 0; f < filters; f++) {
        which = rnd(8)
        if (which == 0) category = pick(categories, category_count)
        else if (which == 1 || which == 2) {
          s = pick(stacks, stack_count)
          if (stack == "") stack = "stack=" s
          else if (index("&" stack "&", "=" s "&") == 0) stack = stack "&stack=" s
        }
        else if (which == 3) level = pick(levels, level_count)
        else if (which == 4) salary = pick(salaries, salary_count)
        else if (which == 5) region = pick(regions, region_count)
        else if (which == 6) type = pick(types, type_count)
        else verified = 1
      }
    }
    if (rnd(5) == 0) sort = pick(sorts, sort_count)
    # Mostly the first page, then the second; the rest share a tenth.
    roll = rnd(10); page = roll < 7 ? 1 : (roll < 9 ? 2 : (last_page > 3 ? 3 + rnd(last_page - 2) : 3))
    query = ""
    if (q != "") query = query "&q=" q
    if (category != "") query = query "&category=" category
    if (stack != "") query = query "&" stack
    if (level != "") query = query "&level=" level
    if (salary != "") query = query "&min_salary=" salary
    if (region != "") query = query "&region=" region
    if (type != "") query = query "&type=" type
    if (verified) query = query "&verified=1"
    if (sort != "") query = query "&sort=" sort
    if (page > 1) query = query "&page=" page
    if (query == "") continue
    url = "/jobs?" substr(query, 2)
    if (url in seen) continue
    seen[url] = 1; out[++n] = url; made++
  }
  return n
}
