/** Every command id in one typed table; package.json contributes the same ids. */
export const Commands = {
  checkWorkspace: 'cmo.checkWorkspace',
  codeAsContext: 'cmo.codeAsContext',
  codeAsResource: 'cmo.codeAsResource',
  codeAsReasoning: 'cmo.codeAsReasoning',
  codeAsOutcome: 'cmo.codeAsOutcome',
  codeAsMechanism: 'cmo.codeAsMechanism',
  changeRole: 'cmo.changeRole',
  editMemo: 'cmo.editMemo',
  tagWithTheme: 'cmo.tagWithTheme',
  deleteCode: 'cmo.deleteCode',
  nextCode: 'cmo.nextCode',
  previousCode: 'cmo.previousCode',
  reattachOrphan: 'cmo.reattachOrphan',
  undoCoding: 'cmo.undoCoding',
  redoCoding: 'cmo.redoCoding',
  revealCode: 'cmo.revealCode',
  searchQuote: 'cmo.searchQuote',
  showCodes: 'cmo.showCodes',
} as const;

/** Context keys set by the extension, for `when` clauses. */
export const ContextKeys = {
  activeEditorIsArticle: 'cmo.activeEditorIsArticle',
  articleHasOrphans: 'cmo.articleHasOrphans',
  cursorOnCode: 'cmo.cursorOnCode',
} as const;
