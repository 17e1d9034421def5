-- Content is text, never code. Pandoc's Typst writer turns `typst:*`
-- attributes into Typst code, images into file reads and raw blocks into
-- raw output; a pack's content may hold any of them. This filter shows raw
-- snippets as text, images as their description, and drops every
-- key-value attribute. It looks at one element at a time, so a part of a
-- pack converts the same whatever else Pandoc reads with it.
--
-- Parts are read with `--file-scope`, which prefixes every identifier and
-- internal link target with the part's file name; PORTFOLIO_PART_PREFIX
-- (a Lua pattern for that prefix) takes it off again, so `{#story-x}` and
-- `[...](#story-x)` stay as written. A link to a label that is missing or
-- repeated in the whole pack is unlinked by the Typst side (typst.py).

local prefix = os.getenv("PORTFOLIO_PART_PREFIX")

local function unscoped(id)
  if prefix and id ~= "" then return (id:gsub("^" .. prefix, "", 1)) end
  return id
end

-- Returns nothing for an element it leaves as it is (most of them): Pandoc
-- then keeps its own copy instead of reading the element back from Lua.
local function plain(el)
  local changed = false
  if prefix and el.identifier ~= "" then
    el.identifier = unscoped(el.identifier)
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
    CodeBlock = plain,
    Link = function(el)
      local target = el.target:match("^#(.*)$")
      if target and prefix then
        el.target = "#" .. unscoped(target)
        plain(el)
        return el
      end
      return plain(el)
    end,
    Figure = plain,
    Table = function(el)
      plain(el)
      plain_rows(el.head.rows)
      for _, body in ipairs(el.bodies) do
        plain_rows(body.head)
        plain_rows(body.body)
      end
      plain_rows(el.foot.rows)
      return el
    end,
  },
}
