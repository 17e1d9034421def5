-- The pack's "How my experience meets your criteria": the template writes
-- it as a list in a `pf-criteria` div (each criterion, with its backing
-- stories' one-line reasons as a sub-list); this makes it a table of one
-- column, a row for each criterion (in bold) and its reasons, which Pandoc
-- writes as a Typst table and a Word table. One column, so every text
-- extractor reads a criterion and then its reasons, never two cells side by
-- side interleaved; one row each, so a criterion is never parted from its
-- reasons by a page break. Content cannot make such a div: a content
-- field's blocks (fieldast.py) hold no div at all.

local function row_of(item)
  local blocks = { pandoc.Para({ pandoc.Strong(item[1].content) }) }
  for i = 2, #item do
    if item[i].t == "BulletList" then table.insert(blocks, item[i]) end
  end
  return { blocks }
end

local function criteria(el)
  if not el.classes:includes("pf-criteria") then return nil end
  local list = el.content[1]
  if not list or list.t ~= "BulletList" then return nil end
  local rows = {}
  for _, item in ipairs(list.content) do
    table.insert(rows, row_of(item))
  end
  local simple = pandoc.SimpleTable({}, { pandoc.AlignDefault }, { 1 }, {}, rows)
  return pandoc.Div({ pandoc.utils.from_simple_table(simple) }, pandoc.Attr("criteria-table"))
end

return { Div = criteria }
