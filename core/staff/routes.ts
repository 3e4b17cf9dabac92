// The staff directory in the chat: a university coordinator sends the staff list as a file.
import type { ChatFeature } from '../chat/routes.ts';
import { staffUpload } from './upload-chat.ts';

export const staffChat: ChatFeature = {
  uploads: [staffUpload],
};
