import { runBlockContract } from '../../test/contract/block-contract';
import { lotteryBlock } from './block';

runBlockContract(lotteryBlock, new URL('./fixtures/', import.meta.url));
