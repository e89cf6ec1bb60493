/**
 * Tag processor core: a read and its hits to a TaggedRead with the purpose
 * it is kept under and its retention in days. See ./tagger.ts.
 */
export { createTagger, NON_HIT_PURPOSE, type Tagger, type TaggerOptions } from './tagger.ts';
