// One author filter for every view (Library, Reader, Annotations, Tags, Search): choosing an author in one
// view narrows the others too, until "everyone" is chosen again. '' means everyone.
import { api, type AuthorCount } from './api'

export const authorFilter = $state({ author: '', known: [] as AuthorCount[] })

export async function loadAuthors() {
  authorFilter.known = await api.authors()
}
