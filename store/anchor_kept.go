package store

import (
	"bytes"
	"fmt"
	"time"
)

// opAnnKeep is the journal operation of keeping (or no longer keeping) an orphan.
const opAnnKeep = "annotation.keep"

// KeepOrphan records that the person keeps an orphaned annotation as an orphan (keep true): it
// leaves the review queue, keeps its quote as made, and is listed as kept in the Annotations view;
// keep false puts it back in the queue. One undo step. Only an orphan can be kept (ErrNotOrphan);
// a new version that still cannot place it keeps it kept, one that places it clears the mark.
func (s *Store) KeepOrphan(annID string, keep bool) error {
	return s.write(opAnnKeep, true, func(cs *changeSet) (string, error) {
		a, err := getAnnotation(cs.tx, annID)
		if err != nil {
			return "", err
		}
		if a.Anchor.Status != AnchorOrphan {
			return "", fmt.Errorf("annotation %q is %s: %w", clip(a.Exact), a.Anchor.Status, ErrNotOrphan)
		}
		if a.Anchor.Kept == keep {
			return "", nil
		}
		a.Anchor.Kept = keep
		a.Modified = time.Now().UTC()
		label := fmt.Sprintf("Orphan %q kept", clip(a.Exact))
		if !keep {
			label = fmt.Sprintf("Orphan %q back in Review", clip(a.Exact))
		}
		return label, cs.putJSON(bucketAnnotations, a.ID, a)
	})
}

// ErrNotOrphan: only an orphan can be kept as one.
var ErrNotOrphan = fmt.Errorf("only an orphaned annotation can be kept as an orphan")

// boolean reads a JSON true or false for the annotation decoder's fast path (Anchor.Kept).
func (d *annotationDecoder) boolean(into *bool) bool {
	for _, lit := range []string{"true", "false"} {
		if bytes.HasPrefix(d.raw[d.pos:], []byte(lit)) {
			d.pos += len(lit)
			*into = lit == "true"
			return true
		}
	}
	return false
}
