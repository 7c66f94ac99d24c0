package blob

// Dir is the folder the store keeps its originals/, thumbs/ and tmp/ in (for `sajin check`, which walks them).
func (s *Store) Dir() string { return s.dir }
