-- A Word document shows its title from the metadata: the pack's first
-- heading (the owner's name, id `owner-name`) becomes the document title
-- instead of a heading, so it is Word's Title paragraph and core property.

function Pandoc(doc)
  local first = doc.blocks[1]
  if first and first.t == "Header" and first.identifier == "owner-name" then
    doc.meta.title = pandoc.MetaInlines(first.content)
    doc.blocks:remove(1)
  end
  return doc
end
