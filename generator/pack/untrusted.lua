-- Content is text, never code. Pandoc's Typst writer turns `typst:*`
-- attributes into Typst code, images into file reads and raw blocks into
-- raw output; a pack's content may hold any of them. This filter shows raw
-- snippets as text, images as their description, and drops every
-- key-value attribute. It looks at one element at a time, so a part of a
-- pack converts the same whatever else Pandoc reads with it.
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
