/**
 * The exchange domain: other tools' formats. The data exports read
 * (exportData.ts), CSV and Markdown sheets (tables.ts), occurrence matrices
 * (matrices.ts), and REFI-QDA: shared conventions (refi.ts), XML (xml.ts),
 * the codebook file (qdc.ts), the project export and import (qdpxExport.ts,
 * qdpxImport.ts, refiProject.ts for configurations, theories and
 * attributes), and the schema the import validates against (refiValidate.ts,
 * refiSchema.ts, read with xmlReader.ts).
 */
export * from './exportData';
export * from './tables';
export * from './matrices';
export * from './refi';
export * from './xml';
export { decodeXml, readXml, XmlError, XML_MAX_DEPTH } from './xmlReader';
export { crc32, unzipChecked, ZipRefused } from './unzip';
export * from './qdc';
export * from './qdpxExport';
export * from './qdpxImport';
export * from './passages';
export * from './configurationTable';
export * from './crosstab';
