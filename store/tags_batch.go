package store

// TagToCreate is one tag of an importer's batch: Ref is the importer's own name for it, and Parent is
// either an existing tag's id or the Ref of an earlier item of the same batch.
type TagToCreate struct {
	Ref string
	NewTag
}

// CreateTagsByRef is CreateTags for importers, which name the tags of a codebook by their own refs: one
// transaction and one undo step. It returns the created tags by Ref, and each refused one (with every
// item under it) by Ref with its reason.
func (s *Store) CreateTagsByRef(list []TagToCreate) (made map[string]Tag, refused map[string]error, err error) {
	ids := make(map[string]string, len(list))
	specs := make([]NewTag, len(list))
	for i, t := range list {
		nt := t.NewTag
		nt.ID = newRandomID()
		if parent, ok := ids[nt.Parent]; ok {
			nt.Parent = parent
		}
		ids[t.Ref] = nt.ID
		specs[i] = nt
	}
	created, failed, err := s.CreateTags(specs)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]Tag, len(created))
	for _, t := range created {
		byID[t.ID] = t
	}
	made = make(map[string]Tag, len(created))
	for _, t := range list {
		if tag, ok := byID[ids[t.Ref]]; ok {
			made[t.Ref] = tag
		}
	}
	refused = map[string]error{}
	for _, f := range failed {
		refused[list[f.Index].Ref] = f.Err
	}
	return made, refused, nil
}
