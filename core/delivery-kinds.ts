// Every kind of delivery, collected from the features that declare them (each beside its renderer,
// with `defineDeliveryKind`, in core/delivery/kinds.ts). A feature lists its kinds in its own
// `deliveryKinds`: a new kind in an existing feature touches only that feature's folder; a new
// feature adds its list here. A kind string declared twice stops the program when this loads.
import { deliveryKinds as assessments } from './assessments/messages.ts';
import { collectDeliveryKinds, deliveryRenderers } from './delivery/kinds.ts';
import { deliveryKinds as enterprises } from './enterprises/messages.ts';
import { deliveryKinds as expertEvaluation } from './expert-evaluation/messages.ts';
import { deliveryKinds as invites } from './invites/messages.ts';
import { deliveryKinds as matching } from './matching/messages.ts';
import { deliveryKinds as openLicence } from './open-licence/messages.ts';
import { deliveryKinds as progress } from './progress/messages.ts';
import { deliveryKinds as roadshows } from './roadshows/messages.ts';
import { deliveryKinds as roadshowProgress } from './roadshows/progress-message.ts';
import { deliveryKinds as screening } from './screening/messages.ts';

export const DELIVERY_KINDS = collectDeliveryKinds(
  assessments,
  screening,
  progress,
  matching,
  roadshows,
  roadshowProgress,
  enterprises,
  invites,
  openLicence,
  expertEvaluation,
);

/** What the delivery workers render with (`SendDeps.renderers`): kind → stored row → message. */
export const DELIVERY_RENDERERS = deliveryRenderers(DELIVERY_KINDS);
