import { runBlockContract } from '../../test/contract/block-contract';
import { quotaBlock } from './block';

runBlockContract(quotaBlock, new URL('./fixtures/', import.meta.url));
