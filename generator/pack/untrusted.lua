-- Content is text, never code. Pandoc's Typst writer turns `typst:*`
-- attributes into Typst code, images into file reads and raw blocks into
-- raw output; a pack's content may hold any of them.
--
-- Every content Markdown field reaches Pandoc as a code block of class
-- `pf-field` (or `pf-quoted-field`, shown as a quote) in the template's
-- Markdown, named by its key (markdown.py). Pandoc never reads the field's
-- Markdown: it is handed the field's blocks as the site's parser read
-- them (generator/pack/fieldast.py), a JSON list of Divs named by key in
-- PORTFOLIO_FIELDS, and the last pass below puts each in its block's
-- place. Those blocks hold only what that module makes: no raw snippet,
-- image or attribute, a link only to http(s), mailto or an #anchor that is
-- a label; so no field reaches another or the template, and nothing in
-- one is read twice.
--
-- The first pass, over the template's Markdown, shows any raw snippet as
-- text and drops every key-value attribute. It looks at one element at a
-- time, so a part of a pack converts the same whatever else Pandoc reads
-- with it.
--
-- Parts are read with `--file-scope`, which prefixes every identifier and
-- internal link target with the part's file name (and turns a bare `#` into
-- the file name itself); PORTFOLIO_PART_PREFIX (a Lua pattern for that file
-- name) takes it off again, so `{#story-x}` and `[...](#story-x)` stay as
-- written. A link to a label that is missing or repeated in the whole pack
-- is unlinked by the Typst side (typst.py).
--
-- Typst reads a label only if it starts with a letter, digit, `_` or `-`
-- and goes on with those, `.` or `:`: an id that is not one (only ASCII is
-- accepted here) is dropped, and a link to one prints as its text, so a
-- placeholder such as `[later](#)` cannot stop the pack.

local prefix = os.getenv("PORTFOLIO_PART_PREFIX")

local function unscoped(id)
  if not prefix or id == "" then return id end
  if id:match("^" .. prefix .. "$") then return "" end
  return (id:gsub("^" .. prefix .. "__", "", 1))
end

local function is_label(id)
  return id:match("^[%w_%-][%w_%-%.:]*$") ~= nil
end

-- Returns nothing for an element it leaves as it is (most of them): Pandoc
-- then keeps its own copy instead of reading the element back from Lua.
local function plain(el)
  local changed = false
  local id = unscoped(el.identifier)
  if id ~= "" and not is_label(id) then id = "" end
  if id ~= el.identifier then
    el.identifier = id
    changed = true
  end
  if #el.attributes > 0 then
    el.attributes = {}
    changed = true
  end
  if changed then return el end
end

local function plain_rows(rows)
  for _, row in ipairs(rows) do
    row.attributes = {}
    for _, cell in ipairs(row.cells) do cell.attributes = {} end
  end
end

-- Every row of a table: head, each body's head and rows, foot.
local function plain_table_rows(el)
  plain_rows(el.head.rows)
  for _, body in ipairs(el.bodies) do
    plain_rows(body.head)
    plain_rows(body.body)
  end
  plain_rows(el.foot.rows)
end

-- Each field's blocks, by key: the site's reading of it (fieldast.py), which
-- Pandoc's run is handed as a JSON list of Divs, one per field, named by key
-- (pandoc.py), and reads in one reading here.
local fields = {}

local function read_fields()
  local path = os.getenv("PORTFOLIO_FIELDS")
  if not path then return end
  local file = assert(io.open(path, "rb"))
  local divs = file:read("a")
  file:close()
  local version = table.concat(PANDOC_API_VERSION, ",")
  local document = '{"pandoc-api-version":[' .. version .. '],"meta":{},"blocks":' .. divs .. "}"
  for _, div in ipairs(pandoc.read(document, "json").blocks) do
    fields[div.identifier] = div.content
  end
end

local function is_field(el)
  local kind = el.classes[1]
  return kind == "pf-field" or kind == "pf-quoted-field"
end

local function field(el)
  local blocks = fields[el.attributes.field]
  if not blocks then error("untrusted.lua: no blocks for field " .. tostring(el.attributes.field)) end
  return blocks
end

return {
  {
    RawInline = function(el) return pandoc.Str(el.text) end,
    RawBlock = function(el) return pandoc.Para({ pandoc.Str(el.text) }) end,
    Image = function(el)
      if #el.caption > 0 then return el.caption end
      return pandoc.Str(el.src)
    end,
    Span = plain,
    Div = plain,
    Header = plain,
    Code = plain,
    CodeBlock = function(el)
      if not is_field(el) then return plain(el) end
    end,
    Link = function(el)
      local target = el.target:match("^#(.*)$")
      if target then
        target = unscoped(target)
        if not is_label(target) then return el.content end
        el.target = "#" .. target
        plain(el)
        return el
      end
      return plain(el)
    end,
    Figure = plain,
    Table = function(el)
      plain(el)
      plain_table_rows(el)
      return el
    end,
  },
  { Pandoc = read_fields },
  {
    -- Blocks returned here are not walked again: a field's own code blocks stay code.
    CodeBlock = function(el)
      local kind = el.classes[1]
      if kind == "pf-field" then return field(el) end
      if kind == "pf-quoted-field" then return pandoc.BlockQuote(field(el)) end
    end,
  },
}
