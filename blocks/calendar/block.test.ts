import { runBlockContract } from '../../test/contract/block-contract';
import { calendarBlock } from './block';

runBlockContract(calendarBlock, new URL('./fixtures/', import.meta.url));
