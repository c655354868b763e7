// The literal list of block kinds (server side). One kind, one folder.
import { createRegistry } from '../engine/core/registry';
import { calendarBlock } from './calendar/block';
import { formBlock } from './form/block';
import { lotteryBlock } from './lottery/block';
import { memberFieldsBlock } from './member-fields/block';
import { notificationBlock } from './notification/block';
import { quotaBlock } from './quota/block';
import { recordBlock } from './record/block';
import { serviceBlock } from './service/block';
import { siteBlock } from './site/block';
import { waitlistBlock } from './waitlist/block';
import { feeBlock } from './fee/block';
import { reviewBlock } from './review/block';
import { workflowBlock } from './workflow/block';
import { lockBlock } from './lock/block';
import { permitBlock } from './permit/block';
import { printTemplateBlock } from './print-template/block';
import { billingBlock } from './billing/block';
import { cardRegisterBlock } from './card-register/block';

export const blockKinds = [siteBlock, formBlock, calendarBlock, quotaBlock, serviceBlock, notificationBlock, memberFieldsBlock, waitlistBlock, feeBlock, reviewBlock, lotteryBlock, recordBlock, workflowBlock, lockBlock, permitBlock, printTemplateBlock, cardRegisterBlock, billingBlock] as const;

export const registry = createRegistry(blockKinds);
