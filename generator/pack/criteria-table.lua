-- The pack's "How my experience meets your criteria": the template writes
-- it as a list in a `pf-criteria` div (each criterion, with its backing
-- stories as a sub-list); this makes it a two-column table, which Pandoc
-- writes as a Typst table and a Word table. Content cannot make such a div:
-- untrusted.lua unwraps every div read from a content field.

local function cell(blocks) return blocks end

local function row(item)
  local criterion = { item[1] }
  local reasons = {}
  for i = 2, #item do
    if item[i].t == "BulletList" then reasons = { item[i] } end
  end
  return { cell(criterion), cell(reasons) }
end

function Div(el)
  if not el.classes:includes("pf-criteria") then return nil end
  local list = el.content[1]
  if not list or list.t ~= "BulletList" then return nil end
  local rows = {}
  for _, item in ipairs(list.content) do table.insert(rows, row(item)) end
  local head = { { pandoc.Plain("Your criterion") }, { pandoc.Plain("Where my experience shows it") } }
  local simple = pandoc.SimpleTable({}, { pandoc.AlignDefault, pandoc.AlignDefault }, { 0.36, 0.64 }, head, rows)
  return pandoc.Div({ pandoc.utils.from_simple_table(simple) }, pandoc.Attr("criteria-table"))
end
