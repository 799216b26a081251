import { differs, wordDiff } from '../src/claim/word-diff.js';

describe("the claim panel's word diff (quoted wording → source passage)", () => {
  it('is one equal run when the wording is the passage', () => {
    expect(wordDiff('superior to the alliances', 'superior to the alliances')).toEqual([{ op: 'equal', text: 'superior to the alliances' }]);
    expect(differs(wordDiff('a b', 'a b'))).toBe(false);
  });

  it('marks a word the source lacks as deleted and one only the source has as inserted, in order', () => {
    expect(wordDiff('superior to the political-military alliances of the Cold War', 'superior to the political and military alliances of the Cold War')).toEqual([
      { op: 'equal', text: 'superior to the ' },
      { op: 'delete', text: 'political-military ' },
      { op: 'insert', text: 'political and military ' },
      { op: 'equal', text: 'alliances of the Cold War' },
    ]);
  });

  it('draws equal runs in the source’s own characters, ignoring the quotes and commas around a word', () => {
    const segments = wordDiff('“معاهدة حسن الجوار”', 'معاهدة حسن الجوار، والصداقة');
    expect(segments).toEqual([
      { op: 'equal', text: 'معاهدة حسن الجوار، ' },
      { op: 'insert', text: 'والصداقة' },
    ]);
  });

  it('tells Arabic letter forms apart (the diff shows what the source really wrote)', () => {
    expect(wordDiff('الى موسكو', 'إلى موسكو')).toEqual([
      { op: 'delete', text: 'الى ' },
      { op: 'insert', text: 'إلى ' },
      { op: 'equal', text: 'موسكو' },
    ]);
  });

  it('keeps every character: the deleted and equal runs give the wording back, the inserted and equal runs the passage', () => {
    const quote = 'the  2022 joint statement says';
    const passage = 'the joint statement of 2022 says';
    const segments = wordDiff(quote, passage);
    const side = (skip: string) => segments.filter((s) => s.op !== skip).map((s) => s.text.trim()).filter(Boolean).join(' ').split(/\s+/u);
    expect(side('insert')).toEqual(quote.split(/\s+/u));
    expect(side('delete')).toEqual(passage.split(/\s+/u));
  });

  it('is empty for empty text', () => {
    expect(wordDiff('', '')).toEqual([]);
  });
});
