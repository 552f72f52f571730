package render

import "fmt"

// Version renders a stored document version for the Reader. text is the canonical text; raw the markup it
// was derived from (Markdown, or an HTML import's sanitized article); from the code point where the body starts (plain text only: Markdown
// documents show everything); marks the highlights to draw.
func Version(format, text, raw string, from int, marks []Mark) (Doc, error) {
	switch format {
	case "txt":
		return Plain(text, from, marks...), nil
	case "html":
		// Imported HTML keeps its sanitized article markup: shown with its structure when it still gives
		// exactly the stored text (documents imported by an older rule, or edited, show the text plainly).
		if raw != "" {
			if doc := HTML(raw, marks...); doc.Text == text {
				return doc, nil
			}
		}
		return Plain(text, 0, marks...), nil
	case "md":
		doc, err := Markdown([]byte(raw), marks...)
		if err != nil || doc.Text != text {
			// The canonical text is stored at import. Should a newer renderer derive a different text, its
			// offsets would shift every annotation: show the stored text plainly instead.
			return Plain(text, 0, marks...), nil
		}
		return doc, nil
	}
	return Doc{}, fmt.Errorf("unknown document format %q", format)
}
