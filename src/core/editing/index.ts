/**
 * The editing domain: the codes of one article while it is edited
 * (LiveCodes): ranges shifted on each keystroke, coding changes with undo
 * and redo, recorded merge conflicts carried along.
 */
export * from './liveCodes';
