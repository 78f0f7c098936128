/**
 * The trust module's public face: the only code that parses untrusted XML (and, later, verifies
 * signatures and handles keys). Other modules import from here, never from its files.
 */
export {
  readXmlRecords,
  readXmlRecordBatches,
  defaultXmlRecordLimits,
  type XmlNode,
  type XmlRootEvent,
  type XmlRecordEvent,
  type XmlStreamEvent,
  type XmlRecordLimits,
} from './xml-record-stream.js';
export {
  readSmallXmlDocument,
  defaultSmallXmlLimits,
  type SmallXmlLimits,
} from './read-small-xml-document.js';
