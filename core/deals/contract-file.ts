// A deal's contract file on disk: which files are contracts (PDF, a picture, a Word document — by
// name or declared type, and confirmed by the file's first bytes, so that a renamed program is not
// kept as a "contract.pdf"), read with a size limit, and kept under DATA_DIR/contracts in a private
// directory of its own (0700, unpredictable name) that only the service's user can open.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refuseWith } from '../errors.ts';

export const CONTRACT_MAX_BYTES = 20 * 1024 * 1024;
/** Prefix of each contract's private directory: only these are ever removed. */
const CONTRACT_DIR_PREFIX = 'deal-';

export interface ContractFile {
  fileName: string;
  bytes: Buffer;
}

interface ContractType {
  mimes: readonly string[];
  /** The file's first bytes, as each format begins. */
  magic: readonly number[];
}

const PDF: ContractType = {
  mimes: ['application/pdf', 'application/x-pdf'],
  magic: [0x25, 0x50, 0x44, 0x46],
};
const JPEG: ContractType = { mimes: ['image/jpeg', 'image/pjpeg'], magic: [0xff, 0xd8, 0xff] };
const PNG: ContractType = { mimes: ['image/png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] };
/** Word 97–2003: an OLE compound file. */
const DOC: ContractType = {
  mimes: ['application/msword'],
  magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
};
/** Word 2007+: a ZIP package (some clients declare it as a plain ZIP). */
const DOCX: ContractType = {
  mimes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip'],
  magic: [0x50, 0x4b, 0x03, 0x04],
};

const BY_EXTENSION: Record<string, ContractType> = {
  pdf: PDF,
  jpg: JPEG,
  jpeg: JPEG,
  png: PNG,
  doc: DOC,
  docx: DOCX,
};
/** What clients declare when they do not know the type: the name and the content decide then. */
const GENERIC_MIMES = new Set(['application/octet-stream', 'binary/octet-stream']);

const extensionOf = (fileName: string) => path.extname(fileName).slice(1).toLowerCase();

/** The kind of contract a file claims to be by its name (or, without an extension, its declared type). */
function claimedType(fileName: string, mimeType: string | null): { type: ContractType; ext: string } | null {
  const ext = extensionOf(fileName);
  const byName = BY_EXTENSION[ext];
  if (byName) return { type: byName, ext };
  if (ext !== '' || !mimeType) return null;
  const found = Object.entries(BY_EXTENSION).find(([, t]) => t.mimes[0] === mimeType.toLowerCase());
  return found ? { type: found[1], ext: found[0] } : null;
}

/**
 * Refuses, before anything is downloaded, a file that is not a contract by its name and declared
 * type or whose declared size is over the limit. Returns the name to keep it under.
 */
export function checkContractFile(file: { fileName: string; mimeType: string | null; size: number | null }): {
  fileName: string;
  type: ContractType;
} {
  const claimed = claimedType(file.fileName, file.mimeType);
  const mime = file.mimeType?.toLowerCase() ?? null;
  if (!claimed || (mime !== null && !GENERIC_MIMES.has(mime) && !claimed.type.mimes.includes(mime)))
    refuseWith('deals:contract.wrong_type', `${file.fileName} (${file.mimeType ?? 'no type'})`);
  if (file.size !== null && file.size > CONTRACT_MAX_BYTES)
    refuseWith('deals:refusal.contract_too_large', `${file.fileName}: ${file.size} bytes`);
  const base = path.basename(file.fileName).replace(/[^\p{L}\p{N}._-]/gu, '_') || 'contract';
  return {
    fileName: extensionOf(base) === claimed.ext ? base : `${base}.${claimed.ext}`,
    type: claimed.type,
  };
}

/** Refuses content that does not begin as its kind of file does (a renamed program, a damaged file). */
export function checkContractContent(bytes: Buffer, type: ContractType, fileName: string): void {
  const magic = Buffer.from(type.magic);
  if (bytes.length < magic.length || !bytes.subarray(0, magic.length).equals(magic))
    refuseWith('deals:contract.wrong_content', fileName);
}

/** The whole stream, refused as soon as it passes the limit (a platform may not say the size). */
export async function readContract(source: NodeJS.ReadableStream, fileName: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > CONTRACT_MAX_BYTES) {
      (source as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      refuseWith('deals:refusal.contract_too_large', `${fileName}: over ${CONTRACT_MAX_BYTES} bytes`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function dataDir(): string {
  return path.resolve(process.env.DATA_DIR?.trim() || './data');
}

const contractsDir = () => path.join(dataDir(), 'contracts');

/** Keeps the contract in a private directory of its own; returns its path relative to DATA_DIR. */
export async function keepContract(file: ContractFile): Promise<string> {
  if (file.bytes.length > CONTRACT_MAX_BYTES) refuseWith('deals:refusal.contract_too_large');
  const root = contractsDir();
  await mkdir(root, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(root, CONTRACT_DIR_PREFIX));
  const name = path.basename(file.fileName).replace(/[^\p{L}\p{N}._-]/gu, '_') || 'contract';
  await writeFile(path.join(dir, name), file.bytes, { mode: 0o600 });
  return path.relative(dataDir(), path.join(dir, name));
}

/**
 * Removes a kept contract with its private directory. A stored path that is not one keepContract
 * made (an imported record's, a tampered row's) is left alone; returns whether something went.
 */
export async function removeContract(relative: string): Promise<boolean> {
  const dir = path.dirname(path.resolve(dataDir(), relative));
  if (path.dirname(dir) !== contractsDir() || !path.basename(dir).startsWith(CONTRACT_DIR_PREFIX))
    return false;
  await rm(dir, { recursive: true, force: true });
  return true;
}
