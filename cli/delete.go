package cli

import (
	"flag"
	"fmt"
)

func init() {
	register(command{"delete", "delete ID...", "delete documents with their annotations and memo (undoable in the window)", runDelete})
}

func runDelete(e *env, args []string) error {
	ids, err := parse(flag.NewFlagSet("delete", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return usageError{"give the ids of the documents to delete"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	for _, id := range ids {
		doc, err := s.Document(id)
		if err != nil {
			return err
		}
		if err := s.DeleteDocument(id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "deleted %s (%s)\n", id, doc.Title)
	}
	return nil
}
